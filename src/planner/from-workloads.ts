/**
 * Workloads -> planner demands: each workload is placed by the workloads layer (`place`, the same decision as
 * `aiplat render` and the admission webhook), sized at its peak, and turned into a {@link Demand} for the pool it
 * landed on. A workload no pool admits becomes an {@link Unplaced} entry carrying placement's own reason.
 */
import { migResource, type PlatformModel } from "../model/index.js";
import { GIB, type PlacementResult, parseQuantity, place, type Workload } from "../workloads/index.js";
import type { Demand, GpuNeed, Unplaced } from "./demand.js";

/** Demands of the placed workloads and the workloads no pool can run. */
export interface WorkloadDemands {
  readonly demands: Demand[];
  readonly unplaced: Unplaced[];
}

/** Pods of `w` at peak: autoscaling maximum, parallel trials x workers, parallel shards. */
export function peakReplicas(w: Workload): number {
  switch (w.kind) {
    case "TrainingJob":
      // A Katib experiment runs `parallelTrials` copies of the job at once.
      return w.spec.workers * (w.spec.tuning?.parallelTrials ?? 1);
    case "InferenceService":
      return w.spec.autoscaling?.maxReplicas ?? w.spec.replicas;
    case "BatchInference":
      return Math.min(w.spec.shards, w.spec.parallelism);
    case "Agent":
      return w.spec.replicas ?? (w.spec.critical ? 2 : 1);
  }
}

/** `namespace/name` of a workload as the plan names it. */
export function demandName(w: Workload, namespace: string): string {
  return `${namespace}/${w.metadata.name}`;
}

/** `nvidia.com/mig-` (the model's resource name without the profile). */
const MIG_PREFIX = migResource("");

/** The planner's view of one placed pod's GPU. */
function gpuNeedOf(w: Workload, result: PlacementResult): GpuNeed | undefined {
  const gpu = result.placement?.gpu;
  if (gpu === undefined) return undefined;
  if (gpu.sharing === "mig")
    return { kind: "mig", profile: gpu.resource.slice(MIG_PREFIX.length), count: gpu.quantity };
  if (gpu.sharing === "none") return { kind: "whole", count: gpu.quantity };
  // Time-slicing and MPS: what the pod declared it needs, else the replica's whole budget.
  const declared = w.spec.gpu?.memoryGiB;
  const memoryMiB = declared !== undefined ? Math.ceil(declared * 1024) : gpu.unit.gpuMemoryMiB;
  return { kind: "shared", count: gpu.quantity, memoryMiB };
}

/** Places every workload on `model` and returns the demands at peak (deterministic: input order kept). */
export function demandsFromWorkloads(workloads: readonly Workload[], model: PlatformModel): WorkloadDemands {
  const demands: Demand[] = [];
  const unplaced: Unplaced[] = [];
  for (const w of workloads) {
    const result = place(w, model);
    const namespace = result.placement?.namespace ?? w.metadata.namespace ?? model.teams[0]?.namespaces[0] ?? "";
    const name = demandName(w, namespace);
    if (result.placement === undefined) {
      unplaced.push({ name, reason: refusal(result) });
      continue;
    }
    const gpu = gpuNeedOf(w, result);
    demands.push({
      name,
      pool: result.placement.pool,
      replicas: peakReplicas(w),
      ...(gpu === undefined ? {} : { gpu }),
      cpuMilli: Math.round((parseQuantity(w.spec.resources.cpu) ?? 0) * 1000),
      memoryMiB: Math.ceil(((parseQuantity(w.spec.resources.memory) ?? 0) / GIB) * 1024),
    });
  }
  return { demands, unplaced };
}

/** Placement's refusal: its AIP112 finding, else every pool's reasons. */
function refusal(result: PlacementResult): string {
  const f = result.findings.find((x) => x.code === "AIP112");
  if (f !== undefined) return f.message;
  return result.considered.map((v) => `${v.pool}: ${v.reasons.join("; ")}`).join(". ");
}
