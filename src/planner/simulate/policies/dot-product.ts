/**
 * Dot-product (Tetris-style alignment; upstream `dot_product_score.go` run with `-dimext merge -norm max`):
 * node vector = (CPU left / 128 cores, total GPU milli left / 8 GPUs), pod vector = (CPU request / 128 cores,
 * total GPU request / 8 GPUs); score = trunc(100 x (1 - dot / 2)), so the node with the smallest dot product
 * wins. GPU choice with `merge` stays best-fit (`-gpusel best`).
 */
import type { Choice, PodRequest } from "../cluster.js";
import { ArgMax, MAX_NODE_SCORE, MAX_SPEC_CPU, MAX_SPEC_GPU, type Policy, type PolicyContext } from "./types.js";

/** Upstream integer dot-product score of node i for a pod. */
export function dotProductScore(ctx: PolicyContext, i: number, pod: PodRequest): number {
  const c = ctx.cluster;
  const dot =
    ((c.cpuLeft[i] as number) / MAX_SPEC_CPU) * (pod.cpuMilli / MAX_SPEC_CPU) +
    (c.gpuLeftTotal(i) / MAX_SPEC_GPU) * ((pod.numGpu * pod.gpuMilli) / MAX_SPEC_GPU);
  return Math.trunc(MAX_NODE_SCORE * (1 - dot / 2));
}

/** Creates the Dot-product policy. */
export function dotProductPolicy(ctx: PolicyContext): Policy {
  const { cluster, rank } = ctx;
  return {
    choose(pod: PodRequest): Choice | null {
      const best = new ArgMax(rank);
      for (let i = 0; i < cluster.size; i++) if (cluster.fits(i, pod)) best.add(i, dotProductScore(ctx, i, pod));
      if (best.node < 0) return null;
      return { node: best.node, gpus: cluster.defaultGpus(best.node, pod) };
    },
  };
}
