/**
 * PriorityClass per workload type. The PriorityClass objects themselves belong to the tenancy component
 * (`src/k8s/tenancy/`); until it exports its table, this one is the reference placement and policy use.
 * Why these values: production inference and critical agents must preempt jobs when the MIG pool is full; training
 * outranks research and development so a queued fine-tune is not starved by notebooks; batch inference runs off-peak
 * and yields to everything interactive. See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
 */
import type { WorkloadType } from "../spec/index.js";

/** A PriorityClass the platform creates. */
export interface PriorityClassRow {
  readonly name: string;
  readonly value: number;
  readonly description: string;
}

/** The platform's PriorityClasses, by name. */
export const PRIORITY_CLASSES = {
  "aiplat-critical": { name: "aiplat-critical", value: 100_000, description: "critical agents" },
  "aiplat-production": { name: "aiplat-production", value: 90_000, description: "production inference" },
  "aiplat-service": { name: "aiplat-service", value: 50_000, description: "platform services, MLOps, agents" },
  "aiplat-training": { name: "aiplat-training", value: 20_000, description: "training and fine-tuning jobs" },
  "aiplat-batch": { name: "aiplat-batch", value: 10_000, description: "batch inference" },
  "aiplat-best-effort": { name: "aiplat-best-effort", value: 1_000, description: "research and development" },
} as const satisfies Record<string, PriorityClassRow>;

/** Name of a platform PriorityClass. */
export type PriorityClassName = keyof typeof PRIORITY_CLASSES;

/** The PriorityClass each workload type gets. */
export const PRIORITY_CLASS_BY_WORKLOAD_TYPE: Readonly<Record<WorkloadType, PriorityClassName>> = {
  "critical-agents": "aiplat-critical",
  "production-inference": "aiplat-production",
  control: "aiplat-service",
  mlops: "aiplat-service",
  agents: "aiplat-service",
  training: "aiplat-training",
  "fine-tuning": "aiplat-training",
  "batch-inference": "aiplat-batch",
  research: "aiplat-best-effort",
  development: "aiplat-best-effort",
};
