/**
 * Ours: FGD's fragmentation gradient made CPU-aware.
 *
 * Measured on the paper's trace, about a third of the GPUs FGD leaves idle at 130% sit on nodes whose CPU is
 * used up (typically CPU-only pods that FGD, scoring them all equal, stacks on the first nodes by name). We keep
 * FGD's fragmentation measure (same target workload, `frag.ts`) and change how equal scores are broken:
 * - the gradient is bucketed coarser (25 levels of sigmoid(delta / 1000) instead of FGD's 100), so more nodes
 *   tie and the tie-break below decides more often (finer resolution measured worse: it spreads pods);
 * - CPU-only pods go to the node with the most CPU left per idle milli-GPU (they strand the fewest GPUs);
 * - GPU pods go, among equals, to the node whose remaining CPU share and GPU share stay closest;
 * - then the node rank (as the scheduler's name order). GPUs inside the node: FGD's rule.
 * Other variants (exact gradient, best-fit ties, ...) stay selectable for measurement.
 */
import type { Choice, PodRequest } from "../cluster.js";
import { MAX_GPUS } from "../cluster.js";
import { FragIndex, FragModel } from "../frag.js";
import { fgdScore } from "./fgd.js";
import { MAX_SPEC_CPU, MAX_SPEC_GPU, type Policy, type PolicyContext, type PolicyFactory } from "./types.js";

/** Tunables of {@link createOursPolicy}. */
export interface OursOptions {
  /**
   * Resolution of the node score: "fgd" = FGD's trunc(100 x sigmoid(delta / 1000)); a number q > 0 = delta
   * rounded to q milli-GPUs; 0 = exact. @default "fgd"
   */
  quantum?: "fgd" | number;
  /** Second key among equal scores (then node rank): exact decrease, best fit, or none. @default "cpu-aware" */
  secondary?: "delta" | "bestfit" | "none" | "cpu-aware";
  /** GPU of a shared pod: FGD's rule (first GPU with the best integer score) or the exact best, tightest on ties. @default "fgd" */
  gpuChoice?: "fgd" | "exact";
  /** Second key for GPU pods under "cpu-aware": keep CPU and GPU left in proportion, or none. @default "balance" */
  gpuSecondary?: "none" | "balance" | "cpu-rich";
  /** Number of score levels of the "fgd" resolution (FGD itself uses 100). @default 25 */
  levels?: number;
  /** Second key for CPU-only pods under "cpu-aware": CPU left per idle GPU, or the "balance" rule. @default "ratio" */
  cpuSecondary?: "ratio" | "balance";
  /** Place CPU-only pods by the secondary key alone, ignoring the fragmentation score. @default false */
  cpuPodsBySecondary?: boolean;
}

/** Builds our policy with the given tunables. */
export function createOursPolicy(options: OursOptions = {}): PolicyFactory {
  const quantum = options.quantum ?? "fgd";
  const secondary = options.secondary ?? "cpu-aware";
  const gpuChoice = options.gpuChoice ?? "fgd";
  const cpuPodsBySecondary = options.cpuPodsBySecondary ?? false;
  const gpuSecondary = options.gpuSecondary ?? "balance";
  const cpuSecondary = options.cpuSecondary ?? "ratio";
  const levels = options.levels ?? 25;
  const primary = (d: number): number =>
    quantum === "fgd"
      ? Math.trunc((1 / (1 + Math.exp(-d / 1000))) * levels)
      : quantum > 0
        ? Math.round(d / quantum)
        : d;
  return (ctx: PolicyContext): Policy => {
    const { cluster, rank } = ctx;
    const index = new FragIndex(cluster, new FragModel(ctx.target, cluster.models), ctx.typeCount);
    // best fit: remaining resources after placement, lower is tighter (`best_fit_score.go` weights)
    const second = (i: number, pod: PodRequest, d: number): number => {
      if (secondary === "delta") return d;
      if (secondary === "none") return 0;
      if (secondary === "cpu-aware") {
        if (pod.numGpu > 0 || cpuSecondary === "balance") {
          if (pod.numGpu > 0 && gpuSecondary === "none") return 0;
          const cpuAfter = (cluster.cpuLeft[i] as number) - pod.cpuMilli;
          const idleAfter = cluster.gpuLeftTotal(i) - pod.numGpu * pod.gpuMilli;
          if (pod.numGpu > 0 && gpuSecondary === "cpu-rich") return cpuAfter / (idleAfter + 1);
          const g = cluster.gpuCount[i] as number;
          return -Math.abs(cpuAfter / (cluster.cpuCap[i] as number) - idleAfter / (g * 1000));
        }
        // CPU-only pods: go where they strand the fewest idle GPUs, i.e. the most CPU left per idle GPU
        const idle = cluster.gpuLeftTotal(i);
        return ((cluster.cpuLeft[i] as number) - pod.cpuMilli) / (idle + 1);
      }
      return -(
        ((cluster.cpuLeft[i] as number) - pod.cpuMilli) / MAX_SPEC_CPU +
        (cluster.gpuLeftTotal(i) - pod.numGpu * pod.gpuMilli) / MAX_SPEC_GPU
      );
    };
    return {
      choose(pod: PodRequest): Choice | null {
        let node = -1;
        let s1 = Number.NEGATIVE_INFINITY;
        let s2 = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < cluster.size; i++) {
          if (!cluster.fits(i, pod)) continue;
          const d = pod.numGpu === 0 && cpuPodsBySecondary ? 0 : index.bestDelta(i, pod);
          const a = primary(d);
          if (a < s1) continue;
          const b = second(i, pod, d);
          if (a > s1 || b > s2 || (b === s2 && (rank[i] as number) < (rank[node] as number))) {
            node = i;
            s1 = a;
            s2 = b;
          }
        }
        if (node < 0) return null;
        if (!pod.shared) return { node, gpus: cluster.defaultGpus(node, pod) };
        let gpu = -1;
        let best = Number.NEGATIVE_INFINITY;
        let bestRoom = Number.POSITIVE_INFINITY;
        const base = node * MAX_GPUS;
        for (let k = 0; k < (cluster.gpuCount[node] as number); k++) {
          const room = cluster.gpuLeft[base + k] as number;
          if (room < pod.gpuMilli) continue;
          const d = index.delta(node, pod, k);
          const v = gpuChoice === "fgd" ? fgdScore(d) : d;
          if (v > best || (gpuChoice === "exact" && v === best && room < bestRoom)) {
            gpu = k;
            best = v;
            bestRoom = room;
          }
        }
        return { node, gpus: [gpu] };
      },
      placed(_pod, choice) {
        index.touch(choice.node);
      },
    };
  };
}

/** Our policy with its chosen tunables. */
export const oursPolicy: PolicyFactory = createOursPolicy();
