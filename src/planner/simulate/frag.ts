/**
 * GPU fragmentation of a node against a target workload, as defined by FGD (Weng et al., ATC'23, §3) and
 * implemented upstream in `pkg/utils/frag.go` (`NodeGpuShareFragAmount`, `GetNodePodFrag`):
 * for each target pod type t with frequency p_t, the node's idle milli-GPUs count as fragment
 * - all of them, if t cannot run on the node (not enough CPU, not enough GPUs with room, wrong GPU model,
 *   or t is CPU-only: upstream counts XL/XR "satisfied/lack CPU" as fragment too);
 * - otherwise only the idle milli on GPUs whose room is below t's per-GPU share (the "Q2" part of Q3).
 * Frag(node) = sum_t p_t * fragment_t. Memory is not part of the definition.
 *
 * Types sharing (gpu share, gpu count, models) form a group sorted by CPU, so a node state is evaluated in
 * O(groups x GPUs + groups x log types) instead of O(types x GPUs).
 */
import { type Cluster, MAX_GPUS, type PodRequest } from "./cluster.js";
import type { TargetType } from "./workload.js";

interface Group {
  gpuMilli: number;
  numGpu: number;
  modelMask: number;
  /** CPU requests, ascending. */
  cpus: Float64Array;
  /** prefix[k] = sum of frequencies of the k smallest CPU requests. */
  prefix: Float64Array;
  total: number;
}

/** Target types sharing GPU share, GPU count and allowed models, with each type's (CPU milli, frequency). */
export interface TargetGroup {
  readonly gpuMilli: number;
  readonly numGpu: number;
  /** Bit m set: the type may run on GPU model m; 0: any model; bit 31 alone: none of the cluster's models. */
  readonly modelMask: number;
  readonly items: [number, number][];
}

/** Splits the target workload into CPU-only frequency and groups of GPU types (the measures iterate groups). */
export function groupTargetTypes(
  target: readonly TargetType[],
  models: readonly string[],
): { cpuOnlyFreq: number; groups: TargetGroup[] } {
  let cpuOnlyFreq = 0;
  const byKey = new Map<string, TargetGroup>();
  for (const t of target) {
    if (t.numGpu === 0 || t.gpuMilli === 0) {
      cpuOnlyFreq += t.freq;
      continue;
    }
    let mask = 0;
    for (const s of t.gpuSpec) {
      const m = models.indexOf(s);
      if (m >= 0) mask |= 1 << m;
    }
    if (t.gpuSpec.length > 0 && mask === 0) mask = 1 << 31;
    const key = `${t.gpuMilli}|${t.numGpu}|${mask}`;
    let g = byKey.get(key);
    if (!g) {
      g = { gpuMilli: t.gpuMilli, numGpu: t.numGpu, modelMask: mask, items: [] };
      byKey.set(key, g);
    }
    g.items.push([t.cpuMilli, t.freq]);
  }
  return { cpuOnlyFreq, groups: [...byKey.values()] };
}

/** A per-node fragmentation measure (milli-GPUs) that {@link FragIndex} caches: FGD's, or a variant. */
export interface NodeFragMeasure {
  /** Fragmentation of a node with `g` GPUs whose room is `lefts[base..base+g)`, `cpuLeft` milli-CPU left. */
  frag(cpuLeft: number, lefts: ArrayLike<number>, base: number, g: number, model: number): number;
}

/** The target workload compiled for fast fragmentation evaluation. */
export class FragModel implements NodeFragMeasure {
  private readonly cpuOnlyFreq: number;
  private readonly groups: Group[];

  constructor(target: readonly TargetType[], models: readonly string[]) {
    const { cpuOnlyFreq, groups } = groupTargetTypes(target, models);
    this.cpuOnlyFreq = cpuOnlyFreq;
    this.groups = groups.map((g) => {
      g.items.sort((a, b) => a[0] - b[0]);
      const cpus = Float64Array.from(g.items, (x) => x[0]);
      const prefix = new Float64Array(g.items.length + 1);
      g.items.forEach((x, k) => {
        prefix[k + 1] = (prefix[k] as number) + x[1];
      });
      return {
        gpuMilli: g.gpuMilli,
        numGpu: g.numGpu,
        modelMask: g.modelMask,
        cpus,
        prefix,
        total: prefix[g.items.length] as number,
      };
    });
  }

  /** Fragmentation (milli-GPUs, expectation over the target) of a node with `g` GPUs whose room is `lefts[base..]`. */
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
      let room = 0;
      let small = 0;
      for (let j = 0; j < g; j++) {
        const v = lefts[base + j] as number;
        if (v >= grp.gpuMilli) room++;
        else small += v;
      }
      if (room < grp.numGpu) {
        total += grp.total * idle;
        continue;
      }
      // number of types of this group whose CPU request fits cpuLeft
      const cpus = grp.cpus;
      let lo = 0;
      let hi = cpus.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cpus[mid] as number) <= cpuLeft) lo = mid + 1;
        else hi = mid;
      }
      const fit = grp.prefix[lo] as number;
      total += fit * small + (grp.total - fit) * idle;
    }
    return total;
  }
}

/** Per-node fragmentation with memoised deltas; only the node that received a pod is recomputed. */
export class FragIndex {
  /** Current fragmentation of each node. */
  readonly frag: Float64Array;
  private readonly stateId: Int32Array;
  private readonly stateKeys = new Map<string, number>();
  private readonly memo = new Map<number, number>();
  private readonly scratch = new Int16Array(MAX_GPUS);
  private readonly typeCount: number;

  constructor(
    private readonly cluster: Cluster,
    readonly model: NodeFragMeasure,
    typeCount: number,
  ) {
    this.typeCount = Math.max(1, typeCount);
    this.frag = new Float64Array(cluster.size);
    this.stateId = new Int32Array(cluster.size);
    for (let i = 0; i < cluster.size; i++) this.touch(i);
  }

  /** Recomputes node i after its resources changed. */
  touch(i: number): void {
    const c = this.cluster;
    const g = c.gpuCount[i] as number;
    const base = i * MAX_GPUS;
    const lefts: number[] = [];
    for (let k = 0; k < g; k++) lefts.push(c.gpuLeft[base + k] as number);
    lefts.sort((a, b) => a - b);
    const key = `${c.model[i]}|${c.cpuLeft[i]}|${lefts.join(",")}`;
    let id = this.stateKeys.get(key);
    if (id === undefined) {
      id = this.stateKeys.size;
      this.stateKeys.set(key, id);
    }
    this.stateId[i] = id;
    this.frag[i] = this.model.frag(c.cpuLeft[i] as number, c.gpuLeft, base, g, c.model[i] as number);
  }

  /** Fragmentation decrease (before - after) if `pod` used GPU `k` of node i (k = -1: CPU-only or whole GPUs). */
  delta(i: number, pod: PodRequest, k: number): number {
    const c = this.cluster;
    const g = c.gpuCount[i] as number;
    const base = i * MAX_GPUS;
    const s = this.scratch;
    for (let j = 0; j < g; j++) s[j] = c.gpuLeft[base + j] as number;
    if (pod.numGpu > 0) {
      if (k >= 0) s[k] = (s[k] as number) - pod.gpuMilli;
      else {
        // upstream NodeResource.Sub: take the GPUs with the least sufficient room first
        let need = pod.numGpu;
        while (need > 0) {
          let best = -1;
          for (let j = 0; j < g; j++) {
            const v = s[j] as number;
            if (v >= pod.gpuMilli && (best < 0 || v < (s[best] as number))) best = j;
          }
          if (best < 0) break;
          s[best] = (s[best] as number) - pod.gpuMilli;
          need--;
        }
      }
    }
    const after = this.model.frag((c.cpuLeft[i] as number) - pod.cpuMilli, s, 0, g, c.model[i] as number);
    return (this.frag[i] as number) - after;
  }

  /** The largest fragmentation decrease over the GPU choices of `pod` on node i (memoised by node state). */
  bestDelta(i: number, pod: PodRequest): number {
    const key = (this.stateId[i] as number) * this.typeCount + pod.typeId;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    let best = Number.NEGATIVE_INFINITY;
    if (pod.shared) {
      const c = this.cluster;
      const base = i * MAX_GPUS;
      const g = c.gpuCount[i] as number;
      const seen = new Set<number>();
      for (let k = 0; k < g; k++) {
        const left = c.gpuLeft[base + k] as number;
        if (left < pod.gpuMilli || seen.has(left)) continue;
        seen.add(left);
        const d = this.delta(i, pod, k);
        if (d > best) best = d;
      }
    } else {
      best = this.delta(i, pod, -1);
    }
    this.memo.set(key, best);
    return best;
  }

  /** Number of memoised (state, pod type) entries, for reports. */
  get memoSize(): number {
    return this.memo.size;
  }
}
