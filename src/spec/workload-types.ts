/**
 * Workload types: what a pod declares it is (`eks-ai-platform/workload-type` label on the pod), and what a node pool
 * admits (one node label per admitted type). The seed's names.
 */
export const WORKLOAD_TYPES = [
  "control",
  "mlops",
  "agents",
  "research",
  "development",
  "training",
  "fine-tuning",
  "batch-inference",
  "production-inference",
  "critical-agents",
] as const;

/** One workload type. */
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];
