/**
 * Random: a uniformly random feasible node (upstream `random_score.go`: PreScore picks one node with
 * rand.Intn, Score gives it 100 and others 0) and, for a shared pod, a uniformly random GPU with room
 * (`allocateGpuIdBasedOnRandomFit`, run with `-gpusel random`). Whole-GPU pods take the first free GPUs.
 */
import type { Choice, PodRequest } from "../cluster.js";
import { MAX_GPUS } from "../cluster.js";
import type { Policy, PolicyContext } from "./types.js";

/** Creates the Random policy. */
export function randomPolicy(ctx: PolicyContext): Policy {
  const { cluster, rng } = ctx;
  const feasible: number[] = [];
  return {
    choose(pod: PodRequest): Choice | null {
      feasible.length = 0;
      for (let i = 0; i < cluster.size; i++) if (cluster.fits(i, pod)) feasible.push(i);
      if (feasible.length === 0) return null;
      const node = feasible[rng.int(feasible.length)] as number;
      if (!pod.shared) return { node, gpus: cluster.defaultGpus(node, pod) };
      let count = 0;
      let gpu = -1;
      const base = node * MAX_GPUS;
      for (let k = 0; k < (cluster.gpuCount[node] as number); k++) {
        if ((cluster.gpuLeft[base + k] as number) >= pod.gpuMilli) {
          count++;
          if (rng.int(count) === 0) gpu = k;
        }
      }
      return { node, gpus: [gpu] };
    },
  };
}
