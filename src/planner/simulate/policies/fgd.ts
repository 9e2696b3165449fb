/**
 * FGD, fragmentation gradient descent (Weng et al., ATC'23, Alg. 1; upstream `fgd_score.go`): place the pod
 * where the node's expected fragmentation grows least. Score = trunc(100 x sigmoid((F_before - F_after) / 1000)),
 * F in milli-GPUs against the target workload; ties between equal integer scores are broken at random by the
 * scheduler. A shared pod goes to the first GPU (by index) with the best integer score on the chosen node
 * (`allocateGpuIdBasedOnFGDScore`); whole-GPU pods take the first free GPUs.
 *
 * Speed: each node's fragmentation is cached and only the node that received a pod is recomputed; deltas are
 * memoised by (node state, pod type), so identical nodes share work (see `FragIndex`).
 */
import type { Choice, PodRequest } from "../cluster.js";
import { MAX_GPUS } from "../cluster.js";
import { FragIndex, FragModel } from "../frag.js";
import { ArgMax, MAX_NODE_SCORE, type Policy, type PolicyContext } from "./types.js";

/** Upstream FGD node score from a fragmentation decrease in milli-GPUs. */
export function fgdScore(delta: number): number {
  return Math.trunc((1 / (1 + Math.exp(-delta / 1000))) * MAX_NODE_SCORE);
}

/** Creates the FGD policy. */
export function fgdPolicy(ctx: PolicyContext): Policy {
  const { cluster, rank } = ctx;
  const index = new FragIndex(cluster, new FragModel(ctx.target, cluster.models), ctx.typeCount);
  return {
    choose(pod: PodRequest): Choice | null {
      const best = new ArgMax(rank);
      for (let i = 0; i < cluster.size; i++) if (cluster.fits(i, pod)) best.add(i, fgdScore(index.bestDelta(i, pod)));
      const node = best.node;
      if (node < 0) return null;
      if (!pod.shared) return { node, gpus: cluster.defaultGpus(node, pod) };
      let gpu = -1;
      let score = -1;
      const base = node * MAX_GPUS;
      for (let k = 0; k < (cluster.gpuCount[node] as number); k++) {
        if ((cluster.gpuLeft[base + k] as number) < pod.gpuMilli) continue;
        const s = fgdScore(index.delta(node, pod, k));
        if (gpu < 0 || s > score) {
          gpu = k;
          score = s;
        }
      }
      return { node, gpus: [gpu] };
    },
    placed(_pod, choice) {
      index.touch(choice.node);
    },
  };
}
