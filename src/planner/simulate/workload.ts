/**
 * The paper's workload protocol, after the reference simulator (hkust-adsl/kubernetes-scheduler-simulator):
 * - `pkg/simulator/core.go` `Simulate`: the original pods, sorted by name, are shuffled (`SortClusterPods`
 *   with `shufflePod: true`), then padded by `TunePodsByNodeTotalResource` ("tune 1.3").
 * - `pkg/simulator/simulator.go` `tuneUpPods`: re-samples a pod uniformly (with replacement) from the
 *   name-sorted original list and appends it at the end, until the next pick would push the requested GPUs
 *   above ratio x cluster capacity.
 * - `pkg/utils/frag.go` `GetTypicalPods`: FGD's "target workload" is the pod-resource histogram of the
 *   original list (CPU pods included, the most popular types covering 95% of pods, renormalised).
 */
import { createRng, deriveSeed, shuffleInPlace } from "./prng.js";
import type { TraceNode, TracePod } from "./trace.js";

/** Options of {@link padWorkload}. */
export interface PadOptions {
  /** Requested GPUs as a multiple of cluster GPU capacity. @default 1.3 */
  ratio?: number;
  /** Seed of the shuffle and the re-sampling (the paper uses 42..51). */
  seed: number;
  /** Shuffle the original pods before padding. @default true */
  shuffle?: boolean;
}

/** Total GPU capacity of a node list, in milli-GPUs. */
export function gpuCapacityMilli(nodes: readonly TraceNode[]): number {
  let total = 0;
  for (const n of nodes) total += n.gpus * 1000;
  return total;
}

/** Total GPUs requested by a pod, in milli-GPUs. */
export function podGpuMilli(pod: TracePod): number {
  return pod.numGpu * pod.gpuMilli;
}

const byName = (a: TracePod, b: TracePod): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Builds the arrival sequence: the original pods in shuffled order, followed by re-sampled copies until the
 * requested GPUs reach `ratio` x capacity (or pods removed at random while above it). Deterministic per seed.
 */
export function padWorkload(pods: readonly TracePod[], nodes: readonly TraceNode[], options: PadOptions): TracePod[] {
  const ratio = options.ratio ?? 1.3;
  const rng = createRng(deriveSeed(options.seed, "workload"));
  const original = [...pods].sort(byName);
  const arrival = [...original];
  if (options.shuffle ?? true) shuffleInPlace(arrival, rng);
  const target = ratio * gpuCapacityMilli(nodes);
  let total = 0;
  for (const p of arrival) total += podGpuMilli(p);
  if (original.length === 0 || ratio <= 0) return arrival;
  if (total < target) {
    // tuneUpPods: the stop test adds the per-GPU share (podRes.MilliGpu), not the pod's total; kept as upstream.
    for (let i = 0; ; i++) {
      const pick = original[rng.int(original.length)] as TracePod;
      if (total + pick.gpuMilli > target) break;
      total += podGpuMilli(pick);
      arrival.push({ ...pick, name: `${pick.name}-tuned-${i}` });
    }
  } else {
    // tuneDownPods: remove uniformly random pods while above the target.
    while (total > target && arrival.length > 0) {
      const idx = rng.int(arrival.length);
      const [removed] = arrival.splice(idx, 1);
      if (removed) total -= podGpuMilli(removed);
    }
  }
  return arrival;
}

/** One pod-resource type of the target workload with its frequency (frequencies sum to 1). */
export interface TargetType {
  cpuMilli: number;
  gpuMilli: number;
  numGpu: number;
  gpuSpec: readonly string[];
  freq: number;
}

/** Options of {@link targetWorkload}. */
export interface TargetOptions {
  /** Keep the most popular types until they cover this share of pods. @default 0.95 (upstream run scripts) */
  popularity?: number;
  /** Count CPU-only pods as target types. @default true (upstream `isInvolvedCpuPods: true`) */
  includeCpuPods?: boolean;
}

/** Builds FGD's target workload (`GetTypicalPods` with `podIncreaseStep: 1`, `gpuResWeight: 0`). */
export function targetWorkload(pods: readonly TracePod[], options: TargetOptions = {}): TargetType[] {
  const popularity = options.popularity ?? 0.95;
  const includeCpu = options.includeCpuPods ?? true;
  const counts = new Map<string, { type: Omit<TargetType, "freq">; count: number }>();
  let total = 0;
  for (const p of pods) {
    if (!includeCpu && p.numGpu === 0) continue;
    const key = `${p.cpuMilli}|${p.gpuMilli}|${p.numGpu}|${p.gpuSpec.join("|")}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else
      counts.set(key, {
        type: { cpuMilli: p.cpuMilli, gpuMilli: p.gpuMilli, numGpu: p.numGpu, gpuSpec: p.gpuSpec },
        count: 1,
      });
    total++;
  }
  // Decreasing count; equal counts in decreasing resource order (sort.Reverse of TargetPodList.Less).
  const sorted = [...counts.values()].sort((a, b) => {
    if (a.count !== b.count) return b.count - a.count;
    const x = a.type;
    const y = b.type;
    if (x.cpuMilli !== y.cpuMilli) return y.cpuMilli - x.cpuMilli;
    if (x.gpuMilli !== y.gpuMilli) return y.gpuMilli - x.gpuMilli;
    if (x.numGpu !== y.numGpu) return y.numGpu - x.numGpu;
    const sx = x.gpuSpec.join("|");
    const sy = y.gpuSpec.join("|");
    return sx < sy ? 1 : sx > sy ? -1 : 0;
  });
  const expected = popularity * total;
  let cum = 0;
  const chosen: typeof sorted = [];
  for (const entry of sorted) {
    if (cum >= expected) break;
    chosen.push(entry);
    cum += entry.count;
  }
  return chosen.map((e) => ({ ...e.type, freq: e.count / cum }));
}
