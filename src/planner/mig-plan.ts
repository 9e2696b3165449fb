/**
 * MIG layout choice as an exact integer program (HiGHS). Every node of a pool carries the same mig-parted config,
 * which may give different GPUs of the node different layouts (`devices: [0,1]` ...). For a node count N, the
 * program asks for integers y_l (GPUs of a node with layout l) with sum y_l <= G and, for each profile p,
 * sum_l a_lp * y_l >= ceil(d_p / N); the smallest feasible N (binary search; feasibility is monotone in N) is optimal.
 * The LP relaxation of "fewest GPUs covering the demand" gives the lower bound reported beside it.
 */
import type { GpuModel } from "../catalog/index.js";
import { solveLp } from "./highs.js";
import { type MigLayoutOption, maximalMigLayouts } from "./mig-layouts.js";

/** GPUs of one node carrying one layout. */
export interface MigDeviceGroup {
  readonly layout: readonly string[];
  readonly gpus: number;
}

/** The plan for one MIG pool's GPU demand. */
export interface MigPlan {
  /** Nodes needed at peak. */
  readonly nodes: number;
  /** Per-node config: which layout how many GPUs carry (sums to the node's GPUs). */
  readonly config: readonly MigDeviceGroup[];
  /** MIG slices one node offers per profile under `config`. */
  readonly slicesPerNode: Readonly<Record<string, number>>;
  /** Lower bound on nodes from the LP relaxation. */
  readonly lowerBoundNodes: number;
}

/** Nodes a fixed single layout needs for `demand` (Infinity when it lacks a demanded profile). */
export function nodesForLayout(
  layout: readonly string[],
  gpusPerNode: number,
  demand: Readonly<Record<string, number>>,
): number {
  let nodes = 0;
  for (const [profile, d] of Object.entries(demand)) {
    if (d <= 0) continue;
    const perGpu = layout.filter((p) => p === profile).length;
    if (perGpu === 0) return Number.POSITIVE_INFINITY;
    nodes = Math.max(nodes, Math.ceil(d / (perGpu * gpusPerNode)));
  }
  return nodes;
}

/** Chooses the per-node MIG config that serves `demand` (slices per profile) with the fewest nodes. */
export async function planMig(
  gpu: GpuModel,
  gpusPerNode: number,
  demand: Readonly<Record<string, number>>,
): Promise<MigPlan> {
  const wanted = Object.entries(demand).filter(([, d]) => d > 0);
  const layouts = maximalMigLayouts(gpu);
  if (wanted.length === 0) return { nodes: 0, config: [], slicesPerNode: {}, lowerBoundNodes: 0 };
  for (const [p] of wanted)
    if (gpu.migProfiles[p] === undefined) throw new Error(`${gpu.name} has no MIG profile ${p}`);

  const lpGpus = await lpLowerBoundGpus(layouts, wanted);
  const lowerBoundNodes = Math.max(1, Math.ceil(lpGpus / gpusPerNode - 1e-9));
  // An upper bound that is always feasible: enough nodes for each profile on its own densest layout.
  let hi = Math.max(
    lowerBoundNodes,
    Math.ceil(
      wanted.reduce((n, [p, d]) => n + d / Math.max(...layouts.map((l) => l.counts[p] ?? 0)), 0) / gpusPerNode,
    ) + wanted.length,
  );
  // Gallop up from the LP bound (the answer is usually within a few nodes of it), then bisect: far fewer integer
  // programs than bisecting from the always-feasible bound, and the same smallest feasible node count.
  // The start: the fewest nodes whose per-node relaxation is feasible (cheap LPs, monotone in N like the MILP).
  let lo = lowerBoundNodes;
  let lpHi = hi;
  while (lo < lpHi) {
    const mid = Math.floor((lo + lpHi) / 2);
    if (await relaxationFeasible(layouts, wanted, gpusPerNode, mid)) lpHi = mid;
    else lo = mid + 1;
  }
  const start = lo;
  let best: MigDeviceGroup[] | undefined;
  for (let step = 0; best === undefined; step = step === 0 ? 1 : step * 2) {
    const n = Math.min(hi, start + step);
    best = await feasibleConfig(layouts, wanted, gpusPerNode, n);
    if (best !== undefined) hi = n;
    else if (n >= hi) throw new Error("MIG plan: upper bound infeasible (should not happen)");
    else lo = n + 1;
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const config = await feasibleConfig(layouts, wanted, gpusPerNode, mid);
    if (config === undefined) lo = mid + 1;
    else {
      hi = mid;
      best = config;
    }
  }
  return { nodes: hi, config: best, slicesPerNode: slicesOf(best), lowerBoundNodes };
}

async function lpLowerBoundGpus(
  layouts: readonly MigLayoutOption[],
  wanted: readonly [string, number][],
): Promise<number> {
  const vars = layouts.map((_, i) => `x${i}`);
  const rows = wanted.map(([p, d], r) => ` c${r}: ${terms(layouts, vars, p)} >= ${d}`);
  const solved = await solveLp(["Minimize", ` gpus: ${vars.join(" + ")}`, "Subject To", ...rows, "End"].join("\n"));
  if (solved.status !== "Optimal") throw new Error(`MIG lower bound: HiGHS says ${solved.status}`);
  return solved.objective;
}

async function feasibleConfig(
  layouts: readonly MigLayoutOption[],
  wanted: readonly [string, number][],
  gpusPerNode: number,
  nodes: number,
): Promise<MigDeviceGroup[] | undefined> {
  const vars = layouts.map((_, i) => `y${i}`);
  const program = perNodeProgram(layouts, wanted, gpusPerNode, nodes);
  // An infeasible relaxation proves the integer program infeasible, and HiGHS answers it in a fraction of the time
  // branch and bound takes to prove the same.
  if (!(await relaxationFeasible(layouts, wanted, gpusPerNode, nodes))) return undefined;
  const solved = await solveLp([...program, "General", ` ${vars.join(" ")}`, "End"].join("\n"));
  if (solved.status !== "Optimal") return undefined;
  const groups = layouts
    .map((l, i) => ({ layout: l.layout, gpus: Math.round(solved.values[vars[i]!] ?? 0) }))
    .filter((g) => g.gpus > 0);
  // GPUs the demand does not need still get a layout: repeat the one carrying the most slices.
  const used = groups.reduce((n, g) => n + g.gpus, 0);
  if (used < gpusPerNode) {
    const richest = [...groups].sort((a, b) => b.layout.length - a.layout.length)[0]!;
    groups[groups.indexOf(richest)] = { ...richest, gpus: richest.gpus + gpusPerNode - used };
  }
  return groups;
}

/** The per-node program for `nodes` nodes, without its integrality section and `End`. */
function perNodeProgram(
  layouts: readonly MigLayoutOption[],
  wanted: readonly [string, number][],
  gpusPerNode: number,
  nodes: number,
): string[] {
  const vars = layouts.map((_, i) => `y${i}`);
  const rows = wanted.map(([p, d], r) => ` c${r}: ${terms(layouts, vars, p)} >= ${Math.ceil(d / nodes)}`);
  return [
    "Minimize",
    ` carved: ${vars.join(" + ")}`,
    "Subject To",
    ` gpus: ${vars.join(" + ")} <= ${gpusPerNode}`,
    ...rows,
  ];
}

/** Whether the LP relaxation of the per-node program is feasible (necessary for the integer program). */
async function relaxationFeasible(
  layouts: readonly MigLayoutOption[],
  wanted: readonly [string, number][],
  gpusPerNode: number,
  nodes: number,
): Promise<boolean> {
  const solved = await solveLp([...perNodeProgram(layouts, wanted, gpusPerNode, nodes), "End"].join("\n"));
  return solved.status === "Optimal";
}

function terms(layouts: readonly MigLayoutOption[], vars: readonly string[], profile: string): string {
  const parts = layouts.flatMap((l, i) => ((l.counts[profile] ?? 0) > 0 ? [`${l.counts[profile]} ${vars[i]}`] : []));
  return parts.length > 0 ? parts.join(" + ") : `0 ${vars[0]}`;
}

function slicesOf(config: readonly MigDeviceGroup[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of config) for (const p of g.layout) out[p] = (out[p] ?? 0) + g.gpus;
  return out;
}
