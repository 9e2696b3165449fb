/**
 * Cluster state of the online simulation in typed arrays: per node CPU and memory left, and per GPU the
 * milli-GPU left (GPU sharing as in the paper's Open-Gpu-Share plugin: a GPU is 1000 milli; a shared pod
 * takes part of one GPU; a whole-GPU pod takes `numGpu` fully free GPUs).
 */
import type { TraceNode, TracePod } from "./trace.js";

/** The most GPUs a node can have (the trace's largest nodes have 8). */
export const MAX_GPUS = 8;
/** Milli-GPUs in one GPU. */
export const MILLI = 1000;

/** A pod as the simulator sees it, with interned type ids. */
export interface PodRequest {
  /** Index of the pod in the arrival sequence. */
  index: number;
  name: string;
  cpuMilli: number;
  memoryMib: number;
  numGpu: number;
  gpuMilli: number;
  /** Bit i set: GPU model i of the cluster is allowed; 0 = any model. */
  modelMask: number;
  /** Same id for pods with identical (cpu, memory, gpu count, gpu share, models). */
  typeId: number;
  /** True for a GPU-sharing pod (one GPU, less than 1000 milli). */
  shared: boolean;
}

/** Where a pod was placed: the node index and the GPU indices used on it (empty for CPU-only pods). */
export interface Choice {
  node: number;
  gpus: number[];
}

/** Mutable cluster state. */
export class Cluster {
  readonly size: number;
  readonly names: readonly string[];
  readonly models: readonly string[];
  readonly cpuCap: Int32Array;
  readonly memCap: Int32Array;
  readonly gpuCount: Uint8Array;
  readonly model: Uint8Array;
  readonly cpuLeft: Int32Array;
  readonly memLeft: Int32Array;
  /** Milli-GPU left of GPU g of node i at `i * MAX_GPUS + g`. */
  readonly gpuLeft: Int16Array;
  /** Total milli-GPU capacity of the cluster. */
  readonly gpuCapacityMilli: number;
  /** Milli-GPUs currently allocated. */
  usedGpuMilli = 0;

  constructor(nodes: readonly TraceNode[]) {
    this.size = nodes.length;
    this.names = nodes.map((n) => n.name);
    const models: string[] = [];
    for (const n of nodes) if (n.gpus > 0 && !models.includes(n.model)) models.push(n.model);
    if (models.length > 31) throw new Error(`at most 31 GPU models are supported, found ${models.length}`);
    this.models = models;
    this.cpuCap = Int32Array.from(nodes, (n) => n.cpuMilli);
    this.memCap = Int32Array.from(nodes, (n) => n.memoryMib);
    this.gpuCount = Uint8Array.from(nodes, (n) => {
      if (n.gpus > MAX_GPUS) throw new Error(`node ${n.name} has ${n.gpus} GPUs; at most ${MAX_GPUS} are supported`);
      return n.gpus;
    });
    this.model = Uint8Array.from(nodes, (n) => Math.max(0, models.indexOf(n.model)));
    this.cpuLeft = Int32Array.from(this.cpuCap);
    this.memLeft = Int32Array.from(this.memCap);
    this.gpuLeft = new Int16Array(this.size * MAX_GPUS);
    let cap = 0;
    for (let i = 0; i < this.size; i++) {
      const g = this.gpuCount[i] as number;
      cap += g * MILLI;
      for (let k = 0; k < g; k++) this.gpuLeft[i * MAX_GPUS + k] = MILLI;
    }
    this.gpuCapacityMilli = cap;
  }

  /** Turns trace pods into requests with interned type ids. */
  prepare(pods: readonly TracePod[]): PodRequest[] {
    const types = new Map<string, number>();
    return pods.map((p, index) => {
      let modelMask = 0;
      for (const spec of p.gpuSpec) {
        const m = this.models.indexOf(spec);
        if (m >= 0) modelMask |= 1 << m;
      }
      if (p.gpuSpec.length > 0 && modelMask === 0) modelMask = 1 << 31; // no model of this cluster matches
      const key = `${p.cpuMilli}|${p.memoryMib}|${p.numGpu}|${p.gpuMilli}|${modelMask}`;
      let typeId = types.get(key);
      if (typeId === undefined) {
        typeId = types.size;
        types.set(key, typeId);
      }
      return {
        index,
        name: p.name,
        cpuMilli: p.cpuMilli,
        memoryMib: p.memoryMib,
        numGpu: p.numGpu,
        gpuMilli: p.numGpu === 0 ? 0 : p.gpuMilli,
        modelMask,
        typeId,
        shared: p.numGpu === 1 && p.gpuMilli < MILLI,
      };
    });
  }

  /** Total milli-GPU left on node i. */
  gpuLeftTotal(i: number): number {
    let s = 0;
    const base = i * MAX_GPUS;
    const g = this.gpuCount[i] as number;
    for (let k = 0; k < g; k++) s += this.gpuLeft[base + k] as number;
    return s;
  }

  /** Fully free GPUs on node i. */
  freeGpus(i: number): number {
    let c = 0;
    const base = i * MAX_GPUS;
    const g = this.gpuCount[i] as number;
    for (let k = 0; k < g; k++) if (this.gpuLeft[base + k] === MILLI) c++;
    return c;
  }

  /** The scheduler's filter: CPU and memory (NodeResourcesFit), GPU model and GPU room (Open-Gpu-Share). */
  fits(i: number, pod: PodRequest): boolean {
    if ((this.cpuLeft[i] as number) < pod.cpuMilli || (this.memLeft[i] as number) < pod.memoryMib) return false;
    if (pod.numGpu === 0) return true;
    const g = this.gpuCount[i] as number;
    if (g === 0) return false;
    if (pod.modelMask !== 0 && (pod.modelMask & (1 << (this.model[i] as number))) === 0) return false;
    let room = 0;
    const base = i * MAX_GPUS;
    for (let k = 0; k < g; k++) if ((this.gpuLeft[base + k] as number) >= pod.gpuMilli) room++;
    return room >= pod.numGpu;
  }

  /** The first `n` GPUs of node i with at least `milli` left, by index (upstream `AllocateExclusiveGpuId`). */
  firstGpus(i: number, n: number, milli: number): number[] {
    const out: number[] = [];
    const base = i * MAX_GPUS;
    const g = this.gpuCount[i] as number;
    for (let k = 0; k < g && out.length < n; k++) if ((this.gpuLeft[base + k] as number) >= milli) out.push(k);
    return out;
  }

  /** Best-fit GPU for a shared pod: the tightest GPU that fits, lowest index on ties (`allocateGpuIdBasedOnBestFit`). */
  tightestGpu(i: number, milli: number): number {
    let best = -1;
    let bestLeft = MILLI + 1;
    const base = i * MAX_GPUS;
    const g = this.gpuCount[i] as number;
    for (let k = 0; k < g; k++) {
      const left = this.gpuLeft[base + k] as number;
      if (left >= milli && left < bestLeft) {
        best = k;
        bestLeft = left;
      }
    }
    return best;
  }

  /** GPUs a pod gets on node i with the default GPU choice (tightest for shared pods, first free otherwise). */
  defaultGpus(i: number, pod: PodRequest): number[] {
    if (pod.numGpu === 0) return [];
    if (pod.shared) return [this.tightestGpu(i, pod.gpuMilli)];
    return this.firstGpus(i, pod.numGpu, pod.gpuMilli);
  }

  /** Applies a placement; throws if it does not fit (the simulator never over-commits a node). */
  place(pod: PodRequest, choice: Choice): void {
    const i = choice.node;
    if (!this.fits(i, pod)) throw new Error(`pod ${pod.name} does not fit node ${this.names[i]}`);
    if (choice.gpus.length !== pod.numGpu) throw new Error(`pod ${pod.name} needs ${pod.numGpu} GPUs`);
    const base = i * MAX_GPUS;
    for (const k of choice.gpus) {
      const left = this.gpuLeft[base + k];
      if (left === undefined || k >= (this.gpuCount[i] as number) || left < pod.gpuMilli) {
        throw new Error(`pod ${pod.name}: GPU ${k} of node ${this.names[i]} cannot take ${pod.gpuMilli} milli`);
      }
    }
    if (new Set(choice.gpus).size !== choice.gpus.length) throw new Error(`pod ${pod.name}: GPU indices repeat`);
    for (const k of choice.gpus) this.gpuLeft[base + k] = (this.gpuLeft[base + k] as number) - pod.gpuMilli;
    this.cpuLeft[i] = (this.cpuLeft[i] as number) - pod.cpuMilli;
    this.memLeft[i] = (this.memLeft[i] as number) - pod.memoryMib;
    this.usedGpuMilli += pod.numGpu * pod.gpuMilli;
  }
}
