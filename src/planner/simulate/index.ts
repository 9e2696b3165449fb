/**
 * Online placement simulation of the FGD paper's protocol (Weng et al., USENIX ATC'23; reference simulator
 * hkust-adsl/kubernetes-scheduler-simulator): pods arrive one at a time on a fixed cluster and stay; a pod that
 * fits nowhere is skipped. The allocation ratio is recorded against the GPUs requested by the pods that have
 * arrived so far (placed or not). Pure: no I/O, no clock other than the elapsed-time report.
 */
import { Cluster } from "./cluster.js";
import { type PolicyName, policyByName } from "./policies/index.js";
import type { PolicyFactory } from "./policies/types.js";
import { createRng, deriveSeed, type Rng, shuffleInPlace } from "./prng.js";
import type { Trace, TraceNode, TracePod } from "./trace.js";
import { padWorkload, type TargetOptions, type TargetType, targetWorkload } from "./workload.js";

export { type Choice, Cluster, type PodRequest } from "./cluster.js";
export { FragIndex, FragModel } from "./frag.js";
export { POLICIES, POLICY_NAMES, type PolicyName, policyByName } from "./policies/index.js";
export type { Policy, PolicyContext, PolicyFactory } from "./policies/types.js";
export { createRng, type Rng } from "./prng.js";
export * from "./trace.js";
export * from "./workload.js";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  nodes: readonly TraceNode[];
  /** The arrival sequence (e.g. from {@link padWorkload}). */
  pods: readonly TracePod[];
  policy: PolicyName | PolicyFactory;
  /** Seed of the policy's random choices (tie-breaking). */
  seed: number;
  /** Arrived GPU requests, as fractions of cluster GPU capacity, at which to report. @default [1.0, 1.3] */
  checkpoints?: readonly number[];
  /** Pods FGD's target workload is estimated from. @default pods */
  targetPods?: readonly TracePod[];
  /** How the target workload is built. @default { popularity: 0.95, includeCpuPods: true } */
  targetOptions?: TargetOptions;
}

/** Allocation when arrived requests reach a checkpoint. */
export interface CheckpointResult {
  /** Arrived GPU requests / capacity, e.g. 1.3. */
  arrived: number;
  /** Allocated GPUs / capacity (0..1), averaged over the events at this arrival level (upstream analysis). */
  allocationRatio: number;
  /** Capacity minus allocated GPUs (fractional: idle milli / 1000). */
  unallocatedGpus: number;
}

/** Outcome of one simulation run. */
export interface SimulationResult {
  policy: string;
  seed: number;
  capacityGpus: number;
  checkpoints: CheckpointResult[];
  placed: number;
  failed: number;
  /** Placement decisions taken (= pods). */
  decisions: number;
  /** Allocated GPUs / capacity after the last pod. */
  finalAllocationRatio: number;
  elapsedMs: number;
  /** Mean time per placement decision, in microseconds. */
  usPerDecision: number;
}

/**
 * Allocation ratio at a checkpoint, as upstream `merge_alloc_discrete.py`: the mean over the events whose
 * arrived ratio rounds to the checkpoint's percent, widened to +-1 percent when none does.
 */
function checkpointRatio(arrived: Float64Array, used: Float64Array, n: number, cap: number, at: number): number {
  const pct = Math.round(at * 100);
  for (const width of [0, 1]) {
    let sum = 0;
    let count = 0;
    for (let e = 0; e < n; e++) {
      const a = Math.round(((arrived[e] as number) / cap) * 100);
      if (Math.abs(a - pct) <= width) {
        sum += used[e] as number;
        count++;
      }
    }
    if (count > 0) return sum / count / cap;
  }
  let last = 0;
  for (let e = 0; e < n && (arrived[e] as number) <= at * cap; e++) last = used[e] as number;
  return last / cap;
}

/** A random permutation of 0..n-1: the tie-break priority of each node (upstream `rand.Perm` node prefixes). */
export function nodeRank(n: number, rng: Rng): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, rng);
  const rank = new Int32Array(n);
  order.forEach((node, r) => {
    rank[node] = r;
  });
  return rank;
}

/** Runs one online placement simulation. */
export function simulate(options: SimulateOptions): SimulationResult {
  const started = performance.now();
  const cluster = new Cluster(options.nodes);
  const requests = cluster.prepare(options.pods);
  const typeCount = requests.reduce((m, r) => Math.max(m, r.typeId + 1), 0);
  const target: TargetType[] = targetWorkload(options.targetPods ?? options.pods, options.targetOptions);
  const factory = typeof options.policy === "string" ? policyByName(options.policy) : options.policy;
  const rng = createRng(deriveSeed(options.seed, "policy"));
  const rank = nodeRank(cluster.size, createRng(deriveSeed(options.seed, "rank")));
  const policy = factory({ cluster, rng, rank, target, typeCount });
  const arrived = new Float64Array(requests.length);
  const used = new Float64Array(requests.length);
  let arrivedMilli = 0;
  let placed = 0;
  for (const pod of requests) {
    arrivedMilli += pod.numGpu * pod.gpuMilli;
    const choice = policy.choose(pod);
    if (choice) {
      cluster.place(pod, choice);
      policy.placed?.(pod, choice);
      placed++;
    }
    arrived[pod.index] = arrivedMilli;
    used[pod.index] = cluster.usedGpuMilli;
  }
  const cap = cluster.gpuCapacityMilli;
  const checkpoints = (options.checkpoints ?? [1.0, 1.3]).map((at) => {
    const ratio = cap > 0 ? checkpointRatio(arrived, used, requests.length, cap, at) : 0;
    return { arrived: at, allocationRatio: ratio, unallocatedGpus: (cap / 1000) * (1 - ratio) };
  });
  const elapsedMs = performance.now() - started;
  return {
    policy: typeof options.policy === "string" ? options.policy : options.policy.name || "custom",
    seed: options.seed,
    capacityGpus: cap / 1000,
    checkpoints,
    placed,
    failed: requests.length - placed,
    decisions: requests.length,
    finalAllocationRatio: cap > 0 ? cluster.usedGpuMilli / cap : 0,
    elapsedMs,
    usPerDecision: requests.length > 0 ? (elapsedMs * 1000) / requests.length : 0,
  };
}

/** Options of {@link simulateTrace}. */
export interface SimulateTraceOptions {
  policy: PolicyName | PolicyFactory;
  /** Seed of the padding, the shuffle and the tie-breaking (the paper uses 42..51). */
  seed: number;
  /** Padding target as a multiple of GPU capacity. @default 1.3 */
  ratio?: number;
  /** @default [1.0, 1.3] */
  checkpoints?: readonly number[];
}

/** The paper's protocol on a trace: pad and shuffle the pod list for `seed`, then simulate. */
export function simulateTrace(trace: Trace, options: SimulateTraceOptions): SimulationResult {
  const pods = padWorkload(trace.pods, trace.nodes, { seed: options.seed, ratio: options.ratio ?? 1.3 });
  return simulate({
    nodes: trace.nodes,
    pods,
    policy: options.policy,
    seed: options.seed,
    checkpoints: options.checkpoints ?? [1.0, 1.3],
    targetPods: trace.pods,
  });
}
