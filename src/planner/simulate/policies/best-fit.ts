/**
 * Best-fit (upstream `best_fit_score.go`): score = 100 x (1 - sum_r w_r (free_r - request_r) / maxSpec_r) over
 * r in {CPU, total GPU milli}, w = 0.5 each, maxSpec = 128 cores and 8 GPUs, truncated to an integer; the node
 * with the least remaining resources wins (min-max normalisation keeps the order). Shared pods go to the tightest
 * GPU (`allocateGpuIdBasedOnBestFit`).
 */
import type { Choice, PodRequest } from "../cluster.js";
import { ArgMax, MAX_NODE_SCORE, MAX_SPEC_CPU, MAX_SPEC_GPU, type Policy, type PolicyContext } from "./types.js";

/** Upstream integer best-fit score of node i for a pod. */
export function bestFitScore(ctx: PolicyContext, i: number, pod: PodRequest): number {
  const c = ctx.cluster;
  const cpuFree = (c.cpuLeft[i] as number) - pod.cpuMilli;
  const gpuFree = c.gpuLeftTotal(i) - pod.numGpu * pod.gpuMilli;
  const s = (0.5 * cpuFree) / MAX_SPEC_CPU + (0.5 * gpuFree) / MAX_SPEC_GPU;
  return Math.trunc((1 - s) * MAX_NODE_SCORE);
}

/** Creates the Best-fit policy. */
export function bestFitPolicy(ctx: PolicyContext): Policy {
  const { cluster, rank } = ctx;
  return {
    choose(pod: PodRequest): Choice | null {
      const best = new ArgMax(rank);
      for (let i = 0; i < cluster.size; i++) if (cluster.fits(i, pod)) best.add(i, bestFitScore(ctx, i, pod));
      if (best.node < 0) return null;
      return { node: best.node, gpus: cluster.defaultGpus(best.node, pod) };
    },
  };
}
