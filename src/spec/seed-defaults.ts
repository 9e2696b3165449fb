/**
 * The seed's node pools and two example teams: what a platform gets when its spec names none.
 * Corrections to the seed (DESIGN.md section 9): the MIG pool is p4de.24xlarge (8x A100 80GB; p5.48xlarge is H100),
 * the A100 time-slicing taint is on, and every GPU pool's workload types are node labels, one per type.
 */

import type { NodePoolSpecInput, TeamSpecInput } from "./schema.js";

/** Node pools as a user would write them in platform.yaml (input form; the schema applies field defaults). */
export const defaultNodePools = (): Record<string, NodePoolSpecInput> => ({
  cpu: {
    instanceTypes: ["m5.2xlarge", "m5.4xlarge"],
    workloadTypes: ["control", "mlops", "agents"],
    minNodes: 3,
    maxNodes: 12,
  },
  "a100-timeslice": {
    instanceTypes: ["p4d.24xlarge"],
    gpuSharing: { timeSlicing: { replicas: 4 } },
    workloadTypes: ["research", "training", "development", "batch-inference"],
    taints: ["gpu=true:NoSchedule"],
    capacityTypes: ["spot", "on-demand"],
    maxNodes: 4,
    rootVolumeGiB: 500,
  },
  "a100-mig": {
    instanceTypes: ["p4de.24xlarge"],
    gpuSharing: { mig: { layout: ["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"] } },
    workloadTypes: ["production-inference", "critical-agents"],
    taints: ["gpu=mig:NoSchedule"],
    capacityTypes: ["on-demand"],
    minNodes: 1,
    maxNodes: 4,
    rootVolumeGiB: 500,
  },
  "h100-timeslice": {
    instanceTypes: ["p5.48xlarge"],
    gpuSharing: { timeSlicing: { replicas: 2 } },
    workloadTypes: ["training", "fine-tuning"],
    taints: ["gpu=h100:NoSchedule"],
    capacityTypes: ["spot", "on-demand"],
    maxNodes: 4,
    rootVolumeGiB: 500,
  },
});

/** Two example teams, so a new user sees multi-tenancy at work. */
export const defaultTeams = (): TeamSpecInput[] => [
  {
    name: "research",
    namespaces: ["research"],
    quota: { gpu: 16, mig: {}, cpu: 256, memory: "2Ti" },
  },
  {
    name: "applied-ml",
    namespaces: ["applied-ml"],
    quota: { gpu: 8, mig: { "3g.40gb": 2, "1g.10gb": 4 }, cpu: 128, memory: "1Ti" },
  },
];
