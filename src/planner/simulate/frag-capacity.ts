/**
 * A capacity-aware variant of FGD's fragmentation (ours). FGD (Weng et al., ATC'23, §3) asks, for each target pod
 * type t, whether one pod of t still fits on the node; if it does, only the idle GPU share on GPUs too small for t
 * counts as fragment. That misses a node whose CPU allows one more pod but whose GPUs could take five: the other four
 * GPUs are as stranded as a sliver. Here the fragment of t is what repeated pods of t could not absorb:
 *   n_t = min(pods of t the GPUs admit, floor(CPU left / CPU of t)),  fragment_t = idle - n_t x (GPU share of t).
 * Frag(node) = sum_t p_t x fragment_t, with FGD's target workload and FGD's treatment of CPU-only types and GPU
 * models. Memory is left out, as in FGD.
 */
import { groupTargetTypes, type NodeFragMeasure } from "./frag.js";
import type { TargetType } from "./workload.js";

interface Group {
  gpuMilli: number;
  numGpu: number;
  modelMask: number;
  /** CPU request and frequency of each type of the group. */
  cpus: Float64Array;
  freqs: Float64Array;
  total: number;
}

/** The target workload compiled for the capacity-aware measure. */
export class CapacityFragModel implements NodeFragMeasure {
  private readonly cpuOnlyFreq: number;
  private readonly groups: Group[];

  constructor(target: readonly TargetType[], models: readonly string[]) {
    const { cpuOnlyFreq, groups } = groupTargetTypes(target, models);
    this.cpuOnlyFreq = cpuOnlyFreq;
    this.groups = groups.map((g) => ({
      gpuMilli: g.gpuMilli,
      numGpu: g.numGpu,
      modelMask: g.modelMask,
      cpus: Float64Array.from(g.items, (x) => x[0]),
      freqs: Float64Array.from(g.items, (x) => x[1]),
      total: g.items.reduce((n, x) => n + x[1], 0),
    }));
  }

  /** Expected milli-GPUs of the node that repeated pods of each target type could not use. */
  frag(cpuLeft: number, lefts: ArrayLike<number>, base: number, g: number, model: number): number {
    let idle = 0;
    for (let j = 0; j < g; j++) idle += lefts[base + j] as number;
    if (idle === 0) return 0;
    let total = this.cpuOnlyFreq * idle;
    const bit = 1 << model;
    for (const grp of this.groups) {
      if (grp.modelMask !== 0 && (grp.modelMask & bit) === 0) {
        total += grp.total * idle;
        continue;
      }
      // Pods of this share the GPUs admit: a shared pod per share that fits in each GPU's room; whole-GPU pods
      // need `numGpu` GPUs with room each.
      let byGpu = 0;
      if (grp.numGpu === 1) {
        for (let j = 0; j < g; j++) byGpu += Math.floor((lefts[base + j] as number) / grp.gpuMilli);
      } else {
        let room = 0;
        for (let j = 0; j < g; j++) if ((lefts[base + j] as number) >= grp.gpuMilli) room++;
        byGpu = Math.floor(room / grp.numGpu);
      }
      const perPod = grp.gpuMilli * grp.numGpu;
      for (let k = 0; k < grp.cpus.length; k++) {
        const cpu = grp.cpus[k] as number;
        const n = cpu > 0 ? Math.min(byGpu, Math.floor(cpuLeft / cpu)) : byGpu;
        total += (grp.freqs[k] as number) * (idle - n * perPod);
      }
    }
    return total;
  }
}

/** A weighted sum of two measures (e.g. FGD's and the capacity-aware one). */
export class BlendedFrag implements NodeFragMeasure {
  constructor(
    private readonly a: NodeFragMeasure,
    private readonly b: NodeFragMeasure,
    /** Weight of `b` (0..1). */
    private readonly weight: number,
  ) {}

  /** (1 - weight) x a + weight x b. */
  frag(cpuLeft: number, lefts: ArrayLike<number>, base: number, g: number, model: number): number {
    const w = this.weight;
    return (
      (w < 1 ? (1 - w) * this.a.frag(cpuLeft, lefts, base, g, model) : 0) +
      (w > 0 ? w * this.b.frag(cpuLeft, lefts, base, g, model) : 0)
    );
  }
}
