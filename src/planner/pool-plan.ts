/**
 * Planning one pool: how many nodes its demands need at peak, with which sharing configuration (time-slicing or MPS
 * replica count, MIG config), how full they are, and the bound the plan cannot beat.
 */
import type { GpuModel } from "../catalog/index.js";
import { GPU_RESOURCE, migResource, type PoolModel } from "../model/index.js";
import { SHARING_REPLICAS } from "../spec/index.js";
import type { Demand, Unplaced } from "./demand.js";
import { type MigDeviceGroup, nodesForLayout, planMig } from "./mig-plan.js";
import { type PackItem, pack } from "./pack.js";

/** Options of a pool plan. */
export interface PoolPlanOptions {
  /**
   * Share of a node's CPU and memory kept for the kubelet, the OS and DaemonSets (not schedulable).
   * @default 0.06
   */
  readonly systemReserveFraction?: number;
}

/** One schedulable resource of a planned pool. */
export interface PlannedUnits {
  readonly resource: string;
  readonly perNode: number;
  readonly used: number;
  readonly free: number;
}

/** The plan of one pool. */
export interface PoolPlan {
  readonly pool: string;
  readonly instanceType: string;
  readonly gpusPerNode: number;
  readonly workloads: number;
  readonly pods: number;
  /** Nodes needed at peak with the recommended configuration. */
  readonly nodes: number;
  /** Lower bound on nodes (LP relaxation for MIG, volume bound otherwise). */
  readonly lowerBoundNodes: number;
  /** The pool's sharing as the spec has it, and the nodes it would need (null when it cannot serve the demand). */
  readonly spec: { readonly sharing: string; readonly nodes: number | null };
  /** The sharing the plan recommends. */
  readonly recommended: {
    readonly sharing: string;
    readonly replicas?: number;
    readonly migConfig?: readonly MigDeviceGroup[];
  };
  readonly units: readonly PlannedUnits[];
  /** Fraction of the pool's GPU compute, CPU and memory the demand uses (0..1). */
  readonly utilisation: { readonly gpu: number; readonly cpu: number; readonly memory: number };
  /** Pods per node, by node index (for reports). */
  readonly layout: readonly (readonly string[])[];
}

/** Plans `demands` (all placed on `pool`) and reports what fits nowhere. */
export async function planPool(
  pool: PoolModel,
  gpu: GpuModel | undefined,
  demands: readonly Demand[],
  options: PoolPlanOptions = {},
): Promise<{ plan: PoolPlan; unplaced: Unplaced[] }> {
  const reserve = options.systemReserveFraction ?? 0.06;
  const node = pool.capacity[0]!;
  const cpuCap = node.vCpu * 1000 * (1 - reserve);
  const memCap = node.memoryGiB * 1024 * (1 - reserve);
  const pods = demands.reduce((n, d) => n + d.replicas, 0);
  const unplaced: Unplaced[] = [];
  const s = pool.sharing;

  if (s.method === "mig" && gpu) {
    const demand: Record<string, number> = {};
    const ok = demands.filter((d) => {
      if (d.gpu && d.gpu.kind !== "mig") {
        unplaced.push({
          name: d.name,
          reason: `${pool.name} offers MIG slices only; the workload asks for ${d.gpu.kind} GPUs`,
        });
        return false;
      }
      if (d.gpu && gpu.migProfiles[d.gpu.profile] === undefined) {
        unplaced.push({ name: d.name, reason: `${gpu.displayName} has no MIG profile ${d.gpu.profile}` });
        return false;
      }
      if (d.gpu) demand[d.gpu.profile] = (demand[d.gpu.profile] ?? 0) + d.gpu.count * d.replicas;
      return true;
    });
    const mig = await planMig(gpu, node.gpus, demand);
    const resources = Object.keys(mig.slicesPerNode);
    const capacity = [...resources.map((p) => mig.slicesPerNode[p]!), cpuCap, memCap];
    const items = podItems(ok, (d) =>
      resources.map((p) => (d.gpu?.kind === "mig" && d.gpu.profile === p ? d.gpu.count : 0)),
    );
    const packed = pack(items.items, capacity);
    tooLarge(packed.tooLarge, pool, unplaced);
    const nodes = Math.max(mig.nodes, packed.nodes.length);
    const specNodes = specMigNodes(s.layout, node.gpus, demand, ok, cpuCap, memCap);
    const used = (p: string) => demand[p] ?? 0;
    const gpuUsed = ok.reduce(
      (n, d) =>
        n +
        (d.gpu?.kind === "mig"
          ? (gpu.migProfiles[d.gpu.profile]!.computeSlices / gpu.migComputeSlices) * d.gpu.count * d.replicas
          : 0),
      0,
    );
    return {
      plan: {
        ...base(pool, node.gpus, demands.length, pods),
        nodes,
        lowerBoundNodes: Math.max(mig.lowerBoundNodes, packed.lowerBound),
        spec: { sharing: `MIG ${s.layout.join(" + ")} on every GPU`, nodes: specNodes },
        recommended: {
          sharing: mig.config.map((g) => `${g.gpus} GPU(s): ${g.layout.join(" + ")}`).join("; ") || "no MIG demand",
          migConfig: mig.config,
        },
        units: resources.map((p) => ({
          resource: migResource(p),
          perNode: mig.slicesPerNode[p]!,
          used: used(p),
          free: mig.slicesPerNode[p]! * nodes - used(p),
        })),
        utilisation: utilisation(gpuUsed, node.gpus * nodes, items, cpuCap * nodes, memCap * nodes),
        layout: packed.nodes,
      },
      unplaced,
    };
  }

  if ((s.method === "time-slicing" || s.method === "mps") && gpu) {
    const ok = demands.filter((d) => {
      if (d.gpu?.kind === "mig") {
        unplaced.push({ name: d.name, reason: `${pool.name} shares GPUs by ${s.method}; it offers no MIG slices` });
        return false;
      }
      if (d.gpu && d.gpu.count > 1) {
        unplaced.push({
          name: d.name,
          reason: `${d.gpu.count} replicas of a ${s.method} GPU give no more compute than one; multi-GPU pods need whole GPUs`,
        });
        return false;
      }
      if (d.gpu?.kind === "shared" && d.gpu.memoryMiB > Math.floor(gpu.memoryMiB / SHARING_REPLICAS.min)) {
        unplaced.push({
          name: d.name,
          reason: `needs ${mib(d.gpu.memoryMiB)} GiB of GPU memory; a ${gpu.displayName} replica gets at most ${mib(gpu.memoryMiB / SHARING_REPLICAS.min)} GiB`,
        });
        return false;
      }
      return true;
    });
    const maxNeed = Math.max(
      0,
      ...ok.map((d) => (d.gpu?.kind === "shared" ? d.gpu.memoryMiB : d.gpu ? gpu.memoryMiB : 0)),
    );
    const feasible = (r: number) => maxNeed <= Math.floor(gpu.memoryMiB / r);
    const nodesAt = (r: number) => {
      const items = podItems(ok, (d) => [d.gpu ? d.gpu.count : 0]);
      return { items, packed: pack(items.items, [node.gpus * r, cpuCap, memCap]) };
    };
    // More replicas never need more nodes (same CPU and memory, more units), so the largest feasible count gives the
    // fewest nodes; the smallest count reaching that node count keeps the most memory per replica.
    let rMax: number = SHARING_REPLICAS.min;
    for (let r = SHARING_REPLICAS.max; r >= SHARING_REPLICAS.min; r--) {
      if (feasible(r)) {
        rMax = r;
        break;
      }
    }
    const best = nodesAt(rMax).packed.nodes.length;
    let lo: number = SHARING_REPLICAS.min;
    let hi = rMax;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (nodesAt(mid).packed.nodes.length <= best) hi = mid;
      else lo = mid + 1;
    }
    const r = feasible(s.replicas) && nodesAt(s.replicas).packed.nodes.length === best ? s.replicas : lo;
    const { items, packed } = nodesAt(r);
    tooLarge(packed.tooLarge, pool, unplaced);
    const spec = feasible(s.replicas) ? nodesAt(s.replicas).packed.nodes.length : null;
    const unitsUsed = ok.reduce((n, d) => n + (d.gpu ? d.gpu.count * d.replicas : 0), 0);
    const nodes = packed.nodes.length;
    return {
      plan: {
        ...base(pool, node.gpus, demands.length, pods),
        nodes,
        lowerBoundNodes: packed.lowerBound,
        spec: { sharing: `${s.method} x${s.replicas}`, nodes: spec },
        recommended: { sharing: `${s.method} x${r}`, replicas: r },
        units: [
          { resource: GPU_RESOURCE, perNode: node.gpus * r, used: unitsUsed, free: node.gpus * r * nodes - unitsUsed },
        ],
        utilisation: utilisation(unitsUsed / r, node.gpus * nodes, items, cpuCap * nodes, memCap * nodes),
        layout: packed.nodes,
      },
      unplaced,
    };
  }

  // Whole GPUs or a CPU pool.
  const ok = demands.filter((d) => {
    if (d.gpu && gpu === undefined) {
      unplaced.push({ name: d.name, reason: `${pool.name} has no GPUs` });
      return false;
    }
    if (d.gpu?.kind === "mig") {
      unplaced.push({ name: d.name, reason: `${pool.name} does not use MIG` });
      return false;
    }
    return true;
  });
  const withGpu = gpu !== undefined;
  const items = podItems(ok, (d) => (withGpu ? [d.gpu ? d.gpu.count : 0] : []));
  const capacity = withGpu ? [node.gpus, cpuCap, memCap] : [cpuCap, memCap];
  const packed = pack(items.items, capacity);
  tooLarge(packed.tooLarge, pool, unplaced);
  const nodes = packed.nodes.length;
  const gpusUsed = ok.reduce((n, d) => n + (d.gpu ? d.gpu.count * d.replicas : 0), 0);
  return {
    plan: {
      ...base(pool, node.gpus, demands.length, pods),
      nodes,
      lowerBoundNodes: packed.lowerBound,
      spec: { sharing: withGpu ? "whole GPUs" : "-", nodes },
      recommended: { sharing: withGpu ? "whole GPUs" : "-" },
      units: withGpu
        ? [{ resource: GPU_RESOURCE, perNode: node.gpus, used: gpusUsed, free: node.gpus * nodes - gpusUsed }]
        : [],
      utilisation: utilisation(gpusUsed, node.gpus * nodes, items, cpuCap * nodes, memCap * nodes),
      layout: packed.nodes,
    },
    unplaced,
  };
}

/** Nodes the spec's own single layout needs, MIG slices and CPU/memory both; null when it lacks a demanded profile. */
function specMigNodes(
  layout: readonly string[],
  gpusPerNode: number,
  demand: Readonly<Record<string, number>>,
  demands: readonly Demand[],
  cpuCap: number,
  memCap: number,
): number | null {
  const byMig = nodesForLayout(layout, gpusPerNode, demand);
  if (!Number.isFinite(byMig)) return null;
  const profiles = [...new Set(layout)];
  const capacity = [...profiles.map((p) => layout.filter((x) => x === p).length * gpusPerNode), cpuCap, memCap];
  const items = podItems(demands, (d) =>
    profiles.map((p) => (d.gpu?.kind === "mig" && d.gpu.profile === p ? d.gpu.count : 0)),
  );
  return Math.max(byMig, pack(items.items, capacity).nodes.length);
}

function base(pool: PoolModel, gpusPerNode: number, workloads: number, pods: number) {
  return { pool: pool.name, instanceType: pool.instanceTypes[0]!, gpusPerNode, workloads, pods };
}

/** One pack item per pod; `gpuDims` gives a pod's GPU-unit dimensions. */
function podItems(
  demands: readonly Demand[],
  gpuDims: (d: Demand) => number[],
): { items: PackItem[]; cpu: number; memory: number } {
  const items: PackItem[] = [];
  let cpu = 0;
  let memory = 0;
  for (const d of demands) {
    const size = [...gpuDims(d), d.cpuMilli, d.memoryMiB];
    for (let i = 0; i < d.replicas; i++) items.push({ id: d.replicas === 1 ? d.name : `${d.name}#${i}`, size });
    cpu += d.cpuMilli * d.replicas;
    memory += d.memoryMiB * d.replicas;
  }
  return { items, cpu, memory };
}

function utilisation(
  gpuUsed: number,
  gpuTotal: number,
  items: { cpu: number; memory: number },
  cpuTotal: number,
  memTotal: number,
) {
  const frac = (a: number, b: number) => (b > 0 ? Math.min(1, a / b) : 0);
  return { gpu: frac(gpuUsed, gpuTotal), cpu: frac(items.cpu, cpuTotal), memory: frac(items.memory, memTotal) };
}

function tooLarge(ids: readonly string[], pool: PoolModel, out: Unplaced[]): void {
  for (const id of ids)
    out.push({
      name: id,
      reason: `one pod needs more CPU, memory or GPU units than a ${pool.instanceTypes[0]} node of ${pool.name} offers`,
    });
}

function mib(v: number): string {
  return (v / 1024).toFixed(1).replace(/\.0$/, "");
}
