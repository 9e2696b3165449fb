/**
 * The contract between the simulation loop and a placement policy, and the scheduler's tie-breaking rule.
 */
import type { Choice, Cluster, PodRequest } from "../cluster.js";
import type { Rng } from "../prng.js";
import type { TargetType } from "../workload.js";

/** What a policy may read when it is created. */
export interface PolicyContext {
  cluster: Cluster;
  /** Random choices (the Random policy). */
  rng: Rng;
  /**
   * Tie-break priority of each node (a random permutation per seed; lower wins). Upstream renames the nodes
   * "%04d-<name>" from rand.Perm (`syncClusterResourceList`) and its vendored kube-scheduler `selectHost` keeps
   * the lexicographically smallest name among equal scores "for reproducibility".
   */
  rank: Int32Array;
  /** FGD's target workload (pod types with frequencies). */
  target: readonly TargetType[];
  /** Number of distinct `PodRequest.typeId` values in the run (for memo keys). */
  typeCount: number;
}

/** An online placement policy: sees one pod at a time, never moves a placed pod. */
export interface Policy {
  /** Chooses a node and GPUs for `pod`, or null when no node fits. Must not change the cluster. */
  choose(pod: PodRequest): Choice | null;
  /** Called after the simulation applied `choice` to the cluster. */
  placed?(pod: PodRequest, choice: Choice): void;
}

/** Builds a policy for one simulation run. */
export type PolicyFactory = (ctx: PolicyContext) => Policy;

/**
 * Keeps the highest-scoring node; among equal scores the node of lowest rank wins, as the paper's simulator's
 * vendored kube-scheduler `selectHost` does (`vendor/k8s.io/kubernetes/pkg/scheduler/core/generic_scheduler.go`:
 * smallest node name on ties, names prefixed by a random permutation).
 */
export class ArgMax {
  node = -1;
  score = Number.NEGATIVE_INFINITY;

  constructor(private readonly rank: Int32Array) {}

  /** Offers node i with its score. */
  add(i: number, score: number): void {
    if (score > this.score || (score === this.score && (this.rank[i] as number) < (this.rank[this.node] as number))) {
      this.score = score;
      this.node = i;
    }
  }
}

/** kube-scheduler's MaxNodeScore. */
export const MAX_NODE_SCORE = 100;
/** Normalisation constants of the upstream scorers (`open-gpu-share/utils/const.go`). */
export const MAX_SPEC_CPU = 128000;
/** Largest node GPU capacity in milli-GPUs (`MaxSpecGpu`). */
export const MAX_SPEC_GPU = 8000;
