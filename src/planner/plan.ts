/**
 * The capacity and cost plan: per pool, nodes at peak with the best sharing configuration, spot and on-demand cost,
 * what fits nowhere; and the same mix on dedicated whole GPUs (no sharing) for the saving sharing buys.
 */
import { type Catalog, DEFAULT_CATALOG, gpuModel, HOURS_PER_MONTH } from "../catalog/index.js";
import type { PlatformModel, PoolModel } from "../model/index.js";
import type { Demand, Unplaced } from "./demand.js";
import { pack } from "./pack.js";
import { type PoolPlan, type PoolPlanOptions, planPool } from "./pool-plan.js";

export { HOURS_PER_MONTH } from "../catalog/index.js";

/** Options of a plan. */
export interface PlanOptions extends PoolPlanOptions {
  /**
   * Assumed spot discount off the on-demand price (0..1). Spot prices move by zone and hour; this is an assumption
   * for comparison, not a quote.
   * @default 0.6
   */
  readonly spotDiscount?: number;
  /** Called after each pool is planned (progress for long runs). */
  readonly onProgress?: (done: number, total: number, pool: string) => void;
}

/** Hourly and monthly cost of a pool's nodes. */
export interface PoolCost {
  readonly onDemandHourly: number;
  readonly spotHourly: number | null;
  /** The capacity type the pool prefers (its first), and what that costs. */
  readonly expectedHourly: number;
  readonly expectedMonthly: number;
}

/** The whole plan. */
export interface CapacityPlan {
  readonly platform: string;
  readonly spotDiscount: number;
  readonly pools: readonly (PoolPlan & { readonly cost: PoolCost; readonly pricePerHourUSD: number })[];
  readonly unplaced: readonly Unplaced[];
  readonly total: {
    readonly nodes: number;
    readonly expectedHourly: number;
    readonly expectedMonthly: number;
    readonly onDemandHourly: number;
  };
  /** The same mix with no GPU sharing: every shared replica or MIG slice takes a whole GPU. */
  readonly dedicated: {
    readonly nodesByPool: Readonly<Record<string, number>>;
    readonly expectedHourly: number;
    readonly expectedMonthly: number;
  };
  /** What sharing saves against the dedicated baseline, per hour and as a fraction. */
  readonly saving: { readonly hourly: number; readonly monthly: number; readonly fraction: number };
}

/** Plans `demands` on `model`'s pools. */
export async function planCapacity(
  model: PlatformModel,
  demands: readonly Demand[],
  options: PlanOptions = {},
  catalog: Catalog = DEFAULT_CATALOG,
): Promise<CapacityPlan> {
  const spotDiscount = options.spotDiscount ?? 0.6;
  const unplaced: Unplaced[] = [];
  const byPool = new Map<string, Demand[]>(model.pools.map((p) => [p.name, []]));
  for (const d of demands) {
    const list = byPool.get(d.pool);
    if (list) list.push(d);
    else unplaced.push({ name: d.name, reason: `no pool named ${d.pool}` });
  }
  const pools: CapacityPlan["pools"][number][] = [];
  let done = 0;
  for (const pool of model.pools) {
    const gpu = pool.gpu ? gpuModel(pool.gpu.model, catalog) : undefined;
    const r = await planPool(pool, gpu, byPool.get(pool.name)!, options);
    unplaced.push(...r.unplaced);
    pools.push({ ...r.plan, pricePerHourUSD: pool.pricePerHourUSD, cost: cost(pool, r.plan.nodes, spotDiscount) });
    options.onProgress?.(++done, model.pools.length, pool.name);
  }
  const dedicatedNodes = Object.fromEntries(
    model.pools.map((p) => [p.name, dedicatedNodesFor(p, byPool.get(p.name)!, options)]),
  );
  const dedicatedHourly = model.pools.reduce(
    (n, p) => n + cost(p, dedicatedNodes[p.name]!, spotDiscount).expectedHourly,
    0,
  );
  const expectedHourly = pools.reduce((n, p) => n + p.cost.expectedHourly, 0);
  return {
    platform: model.name,
    spotDiscount,
    pools,
    unplaced,
    total: {
      nodes: pools.reduce((n, p) => n + p.nodes, 0),
      expectedHourly,
      expectedMonthly: expectedHourly * HOURS_PER_MONTH,
      onDemandHourly: pools.reduce((n, p) => n + p.cost.onDemandHourly, 0),
    },
    dedicated: {
      nodesByPool: dedicatedNodes,
      expectedHourly: dedicatedHourly,
      expectedMonthly: dedicatedHourly * HOURS_PER_MONTH,
    },
    saving: {
      hourly: dedicatedHourly - expectedHourly,
      monthly: (dedicatedHourly - expectedHourly) * HOURS_PER_MONTH,
      fraction: dedicatedHourly > 0 ? (dedicatedHourly - expectedHourly) / dedicatedHourly : 0,
    },
  };
}

function cost(pool: PoolModel, nodes: number, spotDiscount: number): PoolCost {
  const onDemandHourly = nodes * pool.pricePerHourUSD;
  const spotHourly = pool.capacityTypes.includes("spot") ? onDemandHourly * (1 - spotDiscount) : null;
  const expectedHourly = pool.capacityTypes[0] === "spot" && spotHourly !== null ? spotHourly : onDemandHourly;
  return { onDemandHourly, spotHourly, expectedHourly, expectedMonthly: expectedHourly * HOURS_PER_MONTH };
}

/** Nodes for the pool's demands if every shared replica or MIG slice were a whole GPU. */
function dedicatedNodesFor(pool: PoolModel, demands: readonly Demand[], options: PoolPlanOptions): number {
  const node = pool.capacity[0]!;
  const reserve = options.systemReserveFraction ?? 0.06;
  const capacity = [node.gpus, node.vCpu * 1000 * (1 - reserve), node.memoryGiB * 1024 * (1 - reserve)];
  const items = demands.flatMap((d) =>
    Array.from({ length: d.replicas }, (_, i) => ({
      id: `${d.name}#${i}`,
      size: [d.gpu ? d.gpu.count : 0, d.cpuMilli, d.memoryMiB],
    })),
  );
  return pack(items, capacity).nodes.length;
}
