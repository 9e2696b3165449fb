/**
 * The `gpu-packing` scheduler profile: a KubeSchedulerConfiguration whose scoring approximates the placement
 * policies measured in `planner/simulate` with what kube-scheduler's in-tree plugins can express.
 * - `NodeResourcesFit` with `MostAllocated`, GPU resources weighted well above CPU and memory: pods go to the node
 *   whose GPUs are already the fullest (best-fit / GPU packing), keeping whole nodes free for multi-GPU pods.
 * - `NodeResourcesBalancedAllocation` on cpu and `nvidia.com/gpu`: among equally packed nodes, the one whose CPU and
 *   GPU use stay in proportion, so a node does not run out of CPU while GPUs sit idle on it (the CPU-exhausted-node
 *   loss the simulation measured).
 * Reference: https://kubernetes.io/docs/reference/scheduling/config/ and
 * https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/
 */
import { GPU_RESOURCE, migResource, type PlatformModel } from "../../model/index.js";

/** The scheduler name a GPU workload sets (`spec.schedulerName`) to use the profile. */
export const GPU_PACKING_SCHEDULER_NAME = "gpu-packing";

/** Weight of each GPU resource against CPU and memory (1 each) in the MostAllocated score. */
const GPU_WEIGHT = 5;

/** Every GPU extended resource the platform's pools advertise: `nvidia.com/gpu` and each MIG profile in use. */
export function gpuResources(model: PlatformModel): string[] {
  const out = new Set<string>([GPU_RESOURCE]);
  for (const p of model.pools)
    if (p.sharing.method === "mig") for (const profile of p.sharing.layout) out.add(migResource(profile));
  return [...out].sort((a, b) => (a === GPU_RESOURCE ? -1 : b === GPU_RESOURCE ? 1 : a.localeCompare(b)));
}

/** The KubeSchedulerConfiguration of the secondary scheduler (one profile, leader election on its own lease). */
export function schedulerConfiguration(model: PlatformModel, namespace: string, leaseName: string) {
  return {
    apiVersion: "kubescheduler.config.k8s.io/v1",
    kind: "KubeSchedulerConfiguration",
    leaderElection: { leaderElect: true, resourceNamespace: namespace, resourceName: leaseName },
    profiles: [
      {
        schedulerName: GPU_PACKING_SCHEDULER_NAME,
        plugins: {
          score: {
            enabled: [
              // Packing decides; balance breaks near-ties (weights as kube-scheduler adds weighted scores).
              { name: "NodeResourcesFit", weight: 3 },
              { name: "NodeResourcesBalancedAllocation", weight: 1 },
            ],
          },
        },
        pluginConfig: [
          {
            name: "NodeResourcesFit",
            args: {
              scoringStrategy: {
                type: "MostAllocated",
                resources: [
                  ...gpuResources(model).map((name) => ({ name, weight: GPU_WEIGHT })),
                  { name: "cpu", weight: 1 },
                  { name: "memory", weight: 1 },
                ],
              },
            },
          },
          {
            name: "NodeResourcesBalancedAllocation",
            args: {
              resources: [
                { name: "cpu", weight: 1 },
                { name: GPU_RESOURCE, weight: 1 },
              ],
            },
          },
        ],
      },
    ],
  };
}
