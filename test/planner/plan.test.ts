import { describe, expect, it } from "vitest";
import { DEFAULT_PLATFORM_YAML, loadPlatform } from "../../src/model/index.js";
import { type Demand, pack, planCapacity } from "../../src/planner/index.js";

const model = loadPlatform(DEFAULT_PLATFORM_YAML).model!;

/** A small seeded generator (mulberry32) so failures reproduce. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDemands(seed: number, n: number): Demand[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i): Demand => {
    const pool = pick(["cpu", "a100-timeslice", "a100-mig", "h100-timeslice"]);
    const base = {
      name: `w${i}`,
      pool,
      replicas: 1 + Math.floor(r() * 3),
      cpuMilli: 250 + Math.floor(r() * 8000),
      memoryMiB: 512 + Math.floor(r() * 64000),
    };
    if (pool === "cpu") return base;
    if (pool === "a100-mig")
      return { ...base, gpu: { kind: "mig", profile: pick(["3g.40gb", "2g.20gb", "1g.10gb"]), count: 1 } };
    const gpuMem = pool === "a100-timeslice" ? 40960 : 81920;
    return { ...base, gpu: { kind: "shared", count: 1, memoryMiB: 1024 + Math.floor(r() * (gpuMem / 2 - 1024)) } };
  });
}

describe("planCapacity invariants on random mixes", () => {
  it.each([1, 2, 3, 4, 5])("seed %i", async (seed) => {
    const demands = randomDemands(seed, 120);
    const plan = await planCapacity(model, demands);
    const byName = new Map(demands.map((d) => [d.name, d]));
    for (const p of plan.pools) {
      const pool = model.pools.find((x) => x.name === p.pool)!;
      // Never below the lower bound.
      expect(p.nodes).toBeGreaterThanOrEqual(p.lowerBoundNodes);
      expect(p.layout.length).toBeLessThanOrEqual(p.nodes);
      // Every pod sits on the pool its workload was placed on, and no node is over capacity in CPU or memory.
      const node = pool.capacity[0]!;
      for (const podIds of p.layout) {
        let cpu = 0;
        let mem = 0;
        for (const id of podIds) {
          const d = byName.get(id.split("#")[0]!)!;
          expect(d.pool).toBe(p.pool);
          cpu += d.cpuMilli;
          mem += d.memoryMiB;
        }
        expect(cpu).toBeLessThanOrEqual(node.vCpu * 1000);
        expect(mem).toBeLessThanOrEqual(node.memoryGiB * 1024);
      }
      // Units never oversubscribed.
      for (const u of p.units) expect(u.free).toBeGreaterThanOrEqual(0);
      expect(p.cost.expectedHourly).toBeGreaterThanOrEqual(
        p.lowerBoundNodes * p.pricePerHourUSD * (1 - plan.spotDiscount) - 1e-9,
      );
    }
    // Sharing never needs more than dedicated whole GPUs.
    expect(plan.total.expectedHourly).toBeLessThanOrEqual(plan.dedicated.expectedHourly + 1e-9);
  });

  it("reports what fits nowhere, with the reason", async () => {
    const plan = await planCapacity(model, [
      {
        name: "big",
        pool: "a100-timeslice",
        replicas: 1,
        cpuMilli: 1000,
        memoryMiB: 1024,
        gpu: { kind: "shared", count: 1, memoryMiB: 30000 },
      },
      {
        name: "multi",
        pool: "h100-timeslice",
        replicas: 1,
        cpuMilli: 1000,
        memoryMiB: 1024,
        gpu: { kind: "shared", count: 4, memoryMiB: 1000 },
      },
      { name: "nowhere", pool: "tpu", replicas: 1, cpuMilli: 1, memoryMiB: 1 },
      { name: "huge", pool: "cpu", replicas: 1, cpuMilli: 64000, memoryMiB: 1024 },
    ]);
    expect(plan.unplaced.map((u) => u.name).sort()).toEqual(["big", "huge", "multi", "nowhere"]);
    expect(plan.unplaced.find((u) => u.name === "big")!.reason).toMatch(/GPU memory/);
    expect(plan.unplaced.find((u) => u.name === "multi")!.reason).toMatch(/whole GPUs/);
  });

  it("recommends the time-slicing replica count the mix allows", async () => {
    // 64 pods each needing 4 GiB fit 8 replicas per A100 40GB (5 GiB each): one p4d node of 8 GPUs x 8 = 64 units.
    const demands: Demand[] = [
      {
        name: "small",
        pool: "a100-timeslice",
        replicas: 64,
        cpuMilli: 1000,
        memoryMiB: 4096,
        gpu: { kind: "shared", count: 1, memoryMiB: 4096 },
      },
    ];
    const plan = await planCapacity(model, demands);
    const p = plan.pools.find((x) => x.pool === "a100-timeslice")!;
    expect(p.nodes).toBe(1);
    expect(p.recommended.replicas).toBe(8);
    expect(p.spec).toEqual({ sharing: "time-slicing x4", nodes: 2 });
    expect(plan.dedicated.nodesByPool["a100-timeslice"]).toBe(8);
    expect(plan.saving.fraction).toBeGreaterThan(0.8);
  });
});

describe("pack", () => {
  it("first-fit decreasing with a volume lower bound", () => {
    const r = pack(
      [
        { id: "a", size: [6, 1] },
        { id: "b", size: [5, 1] },
        { id: "c", size: [4, 1] },
        { id: "d", size: [5, 1] },
      ],
      [10, 10],
    );
    expect(r.nodes).toEqual([
      ["a", "c"],
      ["b", "d"],
    ]);
    expect(r.lowerBound).toBe(2);
    expect(pack([{ id: "x", size: [11, 0] }], [10, 10]).tooLarge).toEqual(["x"]);
  });
});
