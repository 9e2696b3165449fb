/**
 * A reserve of untouched big nodes for the pods that need a whole node (our policy's reservation rule).
 *
 * Why: in the paper's trace, 8-GPU pods (44 of 8,152) fit only on an 8-GPU node nobody has touched, and FGD, whose
 * target workload gives them half a percent of weight, has used every such node by about 25% arrived load: nearly
 * all later 8-GPU pods are refused. Each 8-GPU pod placed fills 8 GPUs with no remainder and brings the moment free
 * GPUs run out forward, so fewer 810-milli pods (each stranding 190 milli alone on a GPU) are placed before it.
 *
 * Rule: once at most `nodes` untouched nodes with `minGpus` or more GPUs are left, a pod that would leave GPUs of
 * such a node free goes there only when it fits nowhere else. The rule never refuses a pod that fits somewhere.
 */
import type { Cluster, PodRequest } from "../cluster.js";

/** Tunables of {@link NodeReserve}. */
export interface NodeReserveOptions {
  /** Smallest node (in GPUs) the reserve keeps. */
  minGpus: number;
  /** Untouched nodes below which the reserve is protected. */
  nodes: number;
}

/** Tracks untouched nodes and tells whether a placement would break a protected one. */
export class NodeReserve {
  private readonly untouched: Uint8Array;
  private count = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly options: NodeReserveOptions,
  ) {
    this.untouched = Uint8Array.from({ length: cluster.size }, (_, i) => (this.isUntouched(i) ? 1 : 0));
    for (const u of this.untouched) this.count += u;
  }

  /** Untouched nodes of the reserve's size left. */
  get left(): number {
    return this.count;
  }

  /** True when node i has at least `minGpus` GPUs, all free, and no CPU used. */
  private isUntouched(i: number): boolean {
    const c = this.cluster;
    const g = c.gpuCount[i] as number;
    return g >= this.options.minGpus && c.freeGpus(i) === g && (c.cpuLeft[i] as number) === (c.cpuCap[i] as number);
  }

  /** Whether placing `pod` on node i would break a protected untouched node (the pod does not take all its GPUs). */
  breaks(i: number, pod: PodRequest): boolean {
    return (
      this.count <= this.options.nodes && this.untouched[i] === 1 && pod.numGpu < (this.cluster.gpuCount[i] as number)
    );
  }

  /** Updates node i after a pod was placed on it. */
  placed(i: number): void {
    if (this.untouched[i] === 1 && !this.isUntouched(i)) {
      this.untouched[i] = 0;
      this.count--;
    }
  }
}
