/**
 * PriorityClasses and the workload type -> class table that workload placement uses.
 * kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
 * Values stay far below `system-cluster-critical` (2000000000) and `system-node-critical`, which EKS add-ons use.
 */
import type { WorkloadType } from "../../spec/index.js";
import { baseLabels } from "../base-meta.js";
import type { KubeObject } from "../types.js";

/** Name prefix of the platform's PriorityClasses. */
const PREFIX = "eks-ai-platform-";

/** One PriorityClass the platform defines. */
export interface PriorityClassRow {
  readonly name: string;
  readonly value: number;
  /** `Never`: the pod waits instead of evicting others (and, with the lowest value, is the first to be evicted). */
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
  readonly description: string;
}

/** The classes, highest first. */
export const PRIORITY_CLASSES = [
  {
    name: `${PREFIX}platform-critical`,
    value: 1_000_000,
    preemptionPolicy: "PreemptLowerPriority",
    description: "platform services every workload depends on: mesh, secrets, ingress, MLflow, the LLM gateway",
  },
  {
    name: `${PREFIX}production-inference`,
    value: 100_000,
    preemptionPolicy: "PreemptLowerPriority",
    description: "production model serving: user-facing latency",
  },
  {
    name: `${PREFIX}critical-agents`,
    value: 90_000,
    preemptionPolicy: "PreemptLowerPriority",
    description: "business-critical agents",
  },
  {
    name: `${PREFIX}agents`,
    value: 50_000,
    preemptionPolicy: "PreemptLowerPriority",
    description: "other agents",
  },
  {
    name: `${PREFIX}training`,
    value: 10_000,
    preemptionPolicy: "PreemptLowerPriority",
    description: "training and fine-tuning jobs (checkpointed)",
  },
  {
    name: `${PREFIX}batch`,
    value: 5_000,
    preemptionPolicy: "PreemptLowerPriority",
    description: "batch inference",
  },
  {
    name: `${PREFIX}research-development`,
    value: 100,
    preemptionPolicy: "Never",
    description: "research and development: preemptible, never preempts others",
  },
] as const satisfies readonly PriorityClassRow[];

/** Name of one of the platform's PriorityClasses. */
export type PriorityClassName = (typeof PRIORITY_CLASSES)[number]["name"];

/** The PriorityClass a pod of each workload type gets (placement sets `priorityClassName` from it). */
export const PRIORITY_CLASS_BY_WORKLOAD_TYPE: Readonly<Record<WorkloadType, PriorityClassName>> = {
  control: `${PREFIX}platform-critical`,
  // MLflow's registry is where deployments pull models from: losing it blocks production rollouts.
  mlops: `${PREFIX}platform-critical`,
  "production-inference": `${PREFIX}production-inference`,
  "critical-agents": `${PREFIX}critical-agents`,
  agents: `${PREFIX}agents`,
  training: `${PREFIX}training`,
  "fine-tuning": `${PREFIX}training`,
  "batch-inference": `${PREFIX}batch`,
  research: `${PREFIX}research-development`,
  development: `${PREFIX}research-development`,
};

/** The PriorityClass objects. None is `globalDefault`: pods that name no class keep priority 0, below all of these. */
export function priorityClasses(): KubeObject[] {
  return PRIORITY_CLASSES.map((c) => ({
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: c.name, labels: baseLabels("tenancy") },
    value: c.value,
    globalDefault: false,
    preemptionPolicy: c.preemptionPolicy,
    description: c.description,
  }));
}
