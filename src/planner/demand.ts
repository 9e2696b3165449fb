/**
 * What the planner plans for: the pods of each workload at peak, already placed on a pool, with what one pod needs.
 * The workloads layer turns workload files into demands; tests and benchmarks build them directly.
 */

/** The GPU part of one pod's needs. */
export type GpuNeed =
  /** `count` time-slice or MPS replicas of `nvidia.com/gpu`, each needing `memoryMiB` of GPU memory. */
  | { readonly kind: "shared"; readonly count: number; readonly memoryMiB: number }
  /** `count` whole GPUs (a pool without sharing). */
  | { readonly kind: "whole"; readonly count: number }
  /** `count` MIG slices of `profile` (e.g. `3g.40gb`). */
  | { readonly kind: "mig"; readonly profile: string; readonly count: number };

/** The pods of one workload at peak. */
export interface Demand {
  /** `namespace/name` of the workload. */
  readonly name: string;
  /** The pool placement chose. */
  readonly pool: string;
  /** Pods at peak. */
  readonly replicas: number;
  /** Per pod; absent for CPU-only pods. */
  readonly gpu?: GpuNeed;
  /** CPU requested per pod, millicores. */
  readonly cpuMilli: number;
  /** Memory requested per pod, MiB. */
  readonly memoryMiB: number;
}

/** A workload the planner could not place, with the reason. */
export interface Unplaced {
  readonly name: string;
  readonly reason: string;
}
