/**
 * Whether one pool can run one pod of a workload, and with which capacity unit; when it cannot, every reason why.
 * The rules of DESIGN.md section 5: the pool admits the workload type; a GPU need is met by the smallest sufficient
 * unit; never time-slicing for production inference; no multi-GPU pod on time-slicing; a MIG profile the layout offers.
 */
import type { ModelServer } from "../catalog/serving.js";
import { GPU_RESOURCE, migResource } from "../model/capacity.js";
import type { CapacityUnit, PoolModel } from "../model/types.js";
import type { WorkloadType } from "../spec/index.js";
import { GIB, parseQuantity } from "./quantity.js";
import type { CapacityPreference, GpuNeed } from "./schema.js";

/** What placement needs to know about one pod of a workload. */
export interface PodRequest {
  readonly workloadType: WorkloadType;
  readonly gpu?: GpuNeed;
  readonly cpu: string | number;
  readonly memory: string | number;
  readonly capacity: CapacityPreference;
  /** The model server, for InferenceServices (Triton cannot cap its memory on a shared GPU). */
  readonly server?: ModelServer;
}

/** One pool's verdict. */
export interface PoolVerdict {
  readonly pool: string;
  readonly fits: boolean;
  /** Why it fits (one line) or every reason it does not. */
  readonly reasons: readonly string[];
  /** The unit a pod would get, when it fits and needs a GPU. */
  readonly unit?: CapacityUnit;
  /** Units of `unit.resource` per pod. */
  readonly quantity?: number;
}

const SHARED = new Set(["time-slicing", "mps"]);

/** Judges `pool` for `req`. */
export function judgePool(pool: PoolModel, req: PodRequest): PoolVerdict {
  const reasons: string[] = [];
  if (!pool.workloadTypes.includes(req.workloadType))
    reasons.push(`does not admit workload type ${req.workloadType} (admits ${pool.workloadTypes.join(", ")})`);
  if (req.capacity === "spot" && !pool.capacityTypes.includes("spot"))
    reasons.push(`offers no spot capacity (capacity types: ${pool.capacityTypes.join(", ")})`);
  if (req.capacity === "on-demand" && !pool.capacityTypes.includes("on-demand"))
    reasons.push(`offers no on-demand capacity (capacity types: ${pool.capacityTypes.join(", ")})`);
  reasons.push(...sizeReasons(pool, req));
  const gpu = gpuFit(pool, req);
  reasons.push(...gpu.reasons);
  if (reasons.length > 0) return { pool: pool.name, fits: false, reasons };
  const why =
    gpu.unit === undefined
      ? `admits ${req.workloadType}; no GPU needed`
      : `admits ${req.workloadType}; ${gpu.quantity} x ${gpu.unit.resource} (${describeUnit(pool, gpu.unit)})`;
  return {
    pool: pool.name,
    fits: true,
    reasons: [why],
    ...(gpu.unit === undefined ? {} : { unit: gpu.unit, quantity: gpu.quantity }),
  };
}

/** `40 GiB, 3/7 of an A100 80GB` and the like. */
export function describeUnit(pool: PoolModel, unit: CapacityUnit): string {
  const gib = round1(unit.gpuMemoryMiB / 1024);
  const gpu = pool.gpu?.displayName ?? "GPU";
  if (pool.sharing.method === "mig") return `${gib} GiB, ${Math.round(unit.computeFraction * 7)}/7 of an ${gpu}`;
  if (unit.computeFraction < 1)
    return `${gib} GiB budget, a 1/${Math.round(1 / unit.computeFraction)} ${pool.sharing.method} share of an ${gpu}`;
  return `a whole ${gpu}, ${gib} GiB`;
}

function sizeReasons(pool: PoolModel, req: PodRequest): string[] {
  const cpu = parseQuantity(req.cpu) ?? 0;
  const mem = parseQuantity(req.memory) ?? 0;
  const maxCpu = Math.max(...pool.capacity.map((c) => c.vCpu));
  const maxMemGiB = Math.max(...pool.capacity.map((c) => c.memoryGiB));
  const out: string[] = [];
  if (cpu > maxCpu) out.push(`cpu ${req.cpu} exceeds its largest instance (${maxCpu} vCPU)`);
  if (mem > maxMemGiB * GIB) out.push(`memory ${req.memory} exceeds its largest instance (${maxMemGiB} GiB)`);
  return out;
}

function gpuFit(pool: PoolModel, req: PodRequest): { reasons: string[]; unit?: CapacityUnit; quantity?: number } {
  const need = req.gpu;
  if (need === undefined)
    return pool.role === "gpu" ? { reasons: ["is a GPU pool and the workload needs no GPU"] } : { reasons: [] };
  if (pool.role !== "gpu" || pool.gpu === undefined) return { reasons: ["has no GPUs"] };
  const method = pool.sharing.method;
  const reasons: string[] = [];
  if (req.workloadType === "production-inference" && SHARED.has(method))
    reasons.push(`shares GPUs by ${method}, which isolates no faults; production inference needs MIG or whole GPUs`);
  if (req.server === "triton" && method === "time-slicing")
    reasons.push("time-slices GPUs and Triton cannot cap its GPU memory to a replica's budget");
  const units = pool.capacity[0]?.units ?? [];
  const gpuCount = Math.min(...pool.capacity.map((c) => c.gpus));
  let unit: CapacityUnit | undefined;
  let quantity = 1;
  if (need.count !== undefined) {
    if (method === "mig") reasons.push(`offers MIG slices, not whole GPUs (layout ${layoutOf(pool)})`);
    else if (need.count > 1 && SHARED.has(method))
      reasons.push(
        `shares GPUs by ${method}: ${need.count} replicas in one pod add no compute; multi-GPU pods need whole GPUs`,
      );
    else if (need.count > gpuCount) reasons.push(`a node has ${gpuCount} GPUs, fewer than ${need.count}`);
    else {
      unit = units.find((u) => u.resource === GPU_RESOURCE);
      quantity = need.count;
    }
  } else if (need.memoryGiB !== undefined) {
    const needMiB = need.memoryGiB * 1024;
    const enough = units.filter((u) => u.gpuMemoryMiB >= needMiB).sort(bySize);
    if (enough.length === 0) {
      const largest = Math.max(...units.map((u) => u.gpuMemoryMiB));
      reasons.push(`its largest unit has ${round1(largest / 1024)} GiB of GPU memory, less than ${need.memoryGiB} GiB`);
    } else unit = enough[0];
  } else if (need.migProfile !== undefined) {
    if (method !== "mig") reasons.push(`is not a MIG pool (GPU sharing: ${method})`);
    else {
      unit = units.find((u) => u.resource === migResource(need.migProfile!));
      if (unit === undefined) reasons.push(`its MIG layout ${layoutOf(pool)} offers no ${need.migProfile} slice`);
    }
  }
  if (reasons.length > 0) return { reasons };
  return { reasons, ...(unit === undefined ? {} : { unit, quantity }) };
}

function bySize(a: CapacityUnit, b: CapacityUnit): number {
  return a.gpuMemoryMiB - b.gpuMemoryMiB || a.computeFraction - b.computeFraction;
}

function layoutOf(pool: PoolModel): string {
  return pool.sharing.method === "mig" ? `[${pool.sharing.layout.join(", ")}]` : "";
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
