/**
 * GPU packing (upstream `gpu_packing_score.go`), highest first:
 * 1. the pod fits on partly used GPUs: 100 - (sum of the used GPUs' free share in %) / 10, at least 50;
 * 2. it needs fully free GPUs of a partly used node: 50 - fully free GPUs it takes, at least 33;
 * 3. the node is entirely free: max(33 - free GPUs, free GPUs) (upstream's cap, kept as is).
 * CPU-only pods score 0 everywhere (random among feasible nodes). GPUs: tightest for shared pods.
 */
import type { Choice, PodRequest } from "../cluster.js";
import { MAX_GPUS, MILLI } from "../cluster.js";
import { ArgMax, MAX_NODE_SCORE, type Policy, type PolicyContext } from "./types.js";

/** Upstream integer GPU-packing score of node i for a pod. */
export function gpuPackingScore(ctx: PolicyContext, i: number, pod: PodRequest): number {
  if (pod.numGpu === 0) return 0;
  const c = ctx.cluster;
  const g = c.gpuCount[i] as number;
  const free = c.freeGpus(i);
  if (free === g) return Math.max(Math.trunc(MAX_NODE_SCORE / 3) - free, free);
  const base = i * MAX_GPUS;
  const order: number[] = [];
  for (let k = 0; k < g; k++) order.push(k);
  order.sort((a, b) => (c.gpuLeft[base + a] as number) - (c.gpuLeft[base + b] as number)); // stable, least room first
  let need = pod.numGpu;
  let freeUsed = 0;
  let ratio = 0;
  for (const k of order) {
    if (need === 0) break;
    const left = c.gpuLeft[base + k] as number;
    if (pod.gpuMilli <= left) {
      need--;
      if (left === MILLI) freeUsed++;
      ratio += Math.trunc((left * 100) / MILLI);
    }
  }
  if (freeUsed > 0) return Math.max(MAX_NODE_SCORE / 2 - freeUsed, Math.trunc(MAX_NODE_SCORE / 3));
  return Math.max(MAX_NODE_SCORE - Math.trunc(ratio / 10), MAX_NODE_SCORE / 2);
}

/** Creates the GPU-packing policy. */
export function gpuPackingPolicy(ctx: PolicyContext): Policy {
  const { cluster, rank } = ctx;
  return {
    choose(pod: PodRequest): Choice | null {
      const best = new ArgMax(rank);
      for (let i = 0; i < cluster.size; i++) if (cluster.fits(i, pod)) best.add(i, gpuPackingScore(ctx, i, pod));
      if (best.node < 0) return null;
      return { node: best.node, gpus: cluster.defaultGpus(best.node, pod) };
    },
  };
}
