/**
 * The picture behind the HTML report: every planned node's GPUs split into their slices (time-slice replicas, MIG
 * slices or the whole GPU) with the workload in each. The packer decides which pods share a node; inside a node the
 * slices are filled in order (the device plugin, not the scheduler, picks the physical GPU in a real cluster, so
 * this is one valid arrangement, not a prediction).
 */
import type { Demand } from "./demand.js";
import type { PoolPlan } from "./pool-plan.js";

/** One slice of a GPU: a MIG profile, a time-slice replica or the whole GPU; `workload` empty when free. */
export interface GpuSlice {
  /** `3g.40gb`, `replica` or `whole`. */
  readonly unit: string;
  /** Share of the GPU the slice takes (0..1), for drawing. */
  readonly share: number;
  readonly workload?: string;
}

/** One node of a planned pool. */
export interface NodeMap {
  readonly index: number;
  readonly gpus: readonly (readonly GpuSlice[])[];
  /** Pods on the node that use no GPU. */
  readonly cpuPods: readonly string[];
}

/** The nodes of one pool (the first `maxNodes`, with the count of the rest). */
export interface PoolMap {
  readonly pool: string;
  readonly nodes: readonly NodeMap[];
  readonly moreNodes: number;
}

/** Fraction of a GPU's 7 compute slices a MIG profile takes, from its name (`3g.40gb` -> 3/7). */
function migShare(profile: string): number {
  const g = Number.parseInt(profile, 10);
  return Number.isFinite(g) && g > 0 ? g / 7 : 1 / 7;
}

/** Builds the GPU map of a pool plan from its demands. */
export function poolMap(plan: PoolPlan, demands: readonly Demand[], maxNodes = 200): PoolMap {
  const byName = new Map(demands.map((d) => [d.name, d]));
  const demandOf = (id: string) => byName.get(id) ?? byName.get(id.replace(/#\d+$/, ""));
  const nodes: NodeMap[] = [];
  const shown = plan.layout.slice(0, maxNodes);
  shown.forEach((ids, index) => {
    const gpus: { unit: string; share: number; workload?: string }[][] = emptyGpus(plan);
    const cpuPods: string[] = [];
    for (const id of ids) {
      const d = demandOf(id);
      const label = d?.name ?? id;
      const need = d?.gpu;
      if (need === undefined || gpus.length === 0) {
        cpuPods.push(label);
        continue;
      }
      for (let n = 0; n < need.count; n++) {
        const unit = need.kind === "mig" ? need.profile : need.kind === "shared" ? "replica" : "whole";
        // Whole-GPU pods need an untouched GPU; slices go to the first free slice of their kind.
        const slot = findFree(gpus, unit, need.kind === "whole");
        if (slot !== undefined) slot.workload = label;
      }
    }
    nodes.push({ index, gpus, cpuPods });
  });
  return { pool: plan.pool, nodes, moreNodes: Math.max(0, plan.layout.length - shown.length) };
}

function emptyGpus(plan: PoolPlan): { unit: string; share: number; workload?: string }[][] {
  const g = plan.gpusPerNode;
  if (g === 0) return [];
  const r = plan.recommended;
  if (r.migConfig !== undefined && r.migConfig.length > 0)
    return r.migConfig.flatMap((group) =>
      Array.from({ length: group.gpus }, () => group.layout.map((p) => ({ unit: p, share: migShare(p) }))),
    );
  if (r.replicas !== undefined)
    return Array.from({ length: g }, () =>
      Array.from({ length: r.replicas! }, () => ({ unit: "replica", share: 1 / r.replicas! })),
    );
  return Array.from({ length: g }, () => [{ unit: "whole", share: 1 }]);
}

function findFree(
  gpus: { unit: string; share: number; workload?: string }[][],
  unit: string,
  wholeGpu: boolean,
): { unit: string; share: number; workload?: string } | undefined {
  for (const gpu of gpus) {
    if (wholeGpu && gpu.some((s) => s.workload !== undefined)) continue;
    const slot = gpu.find((s) => s.workload === undefined && (s.unit === unit || wholeGpu));
    if (slot !== undefined) return slot;
  }
  return undefined;
}
