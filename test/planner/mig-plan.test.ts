import { describe, expect, it } from "vitest";
import { GPU_MODELS } from "../../src/catalog/index.js";
import { fitMigLayout } from "../../src/model/index.js";
import { maximalMigLayouts, nodesForLayout, planMig } from "../../src/planner/index.js";

const a100 = GPU_MODELS["A100-SXM4-80GB"]!;

/** Brute force over every multiset of `gpus` maximal layouts: the fewest nodes whose per-node supply covers demand/N. */
function bruteForceNodes(gpus: number, demand: Record<string, number>): number {
  const layouts = maximalMigLayouts(a100);
  const configs: Record<string, number>[] = [];
  const go = (start: number, left: number, supply: Record<string, number>) => {
    if (left === 0) {
      configs.push(supply);
      return;
    }
    for (let i = start; i < layouts.length; i++) {
      const next = { ...supply };
      for (const [p, c] of Object.entries(layouts[i]!.counts)) next[p] = (next[p] ?? 0) + c;
      go(i, left - 1, next);
    }
  };
  go(0, gpus, {});
  let best = Number.POSITIVE_INFINITY;
  for (const s of configs) {
    let n = 0;
    for (const [p, d] of Object.entries(demand))
      n = Math.max(n, (s[p] ?? 0) === 0 ? Number.POSITIVE_INFINITY : Math.ceil(d / s[p]!));
    best = Math.min(best, n);
  }
  return best;
}

describe("maximal MIG layouts", () => {
  it("are all valid and maximal on A100 80GB", () => {
    const layouts = maximalMigLayouts(a100);
    expect(layouts.length).toBeGreaterThan(20);
    for (const l of layouts) {
      expect(fitMigLayout(a100, l.layout).ok).toBe(true);
      for (const p of Object.keys(a100.migProfiles)) expect(fitMigLayout(a100, [...l.layout, p]).ok).toBe(false);
    }
    expect(layouts.map((l) => l.layout.join("+"))).toContain("3g.40gb+2g.20gb+1g.10gb+1g.10gb");
  });
});

describe("planMig: exact integer program", () => {
  it.each([
    [{ "3g.40gb": 5 }],
    [{ "1g.10gb": 9, "3g.40gb": 1 }],
    [{ "2g.20gb": 4, "1g.10gb": 3 }],
    [{ "4g.40gb": 1, "1g.20gb": 5, "2g.20gb": 2 }],
    [{ "7g.80gb": 1, "1g.10gb": 6 }],
  ])("matches brute force on 2-GPU nodes for %j", async (demand) => {
    const plan = await planMig(a100, 2, demand);
    expect(plan.nodes).toBe(bruteForceNodes(2, demand));
    expect(plan.lowerBoundNodes).toBeLessThanOrEqual(plan.nodes);
    // The config covers the demand with the nodes it says.
    for (const [p, d] of Object.entries(demand))
      expect((plan.slicesPerNode[p] ?? 0) * plan.nodes).toBeGreaterThanOrEqual(d);
    expect(plan.config.reduce((n, g) => n + g.gpus, 0)).toBe(2);
  });

  it("serves the seed's mix on p4de nodes and beats a fixed layout that lacks a profile", async () => {
    const demand = { "3g.40gb": 10, "1g.10gb": 20 };
    const plan = await planMig(a100, 8, demand);
    expect(plan.nodes).toBe(1);
    expect(nodesForLayout(["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"], 8, demand)).toBe(2);
    expect(nodesForLayout(["7g.80gb"], 8, demand)).toBe(Number.POSITIVE_INFINITY);
  });

  it("no demand needs no nodes", async () => {
    expect((await planMig(a100, 8, {})).nodes).toBe(0);
  });
});
