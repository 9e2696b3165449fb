import { describe, expect, it } from "vitest";
import { gpuCapacityMilli, padWorkload, podGpuMilli, targetWorkload } from "../../../src/planner/simulate/index.js";
import { node, pod } from "./helpers.js";

const nodes = [node("n0", 8), node("n1", 2)];
const pods = Array.from({ length: 12 }, (_, i) =>
  pod(`p${String(i).padStart(2, "0")}`, 1, [1000, 500, 250][i % 3] ?? 1000),
);

describe("workload padding (tune 1.3)", () => {
  it("is deterministic per seed and differs between seeds", () => {
    const a = padWorkload(pods, nodes, { seed: 42 });
    const b = padWorkload(pods, nodes, { seed: 42 });
    const c = padWorkload(pods, nodes, { seed: 43 });
    expect(a.map((p) => p.name)).toEqual(b.map((p) => p.name));
    expect(a.map((p) => p.name)).not.toEqual(c.map((p) => p.name));
  });

  it("keeps every original pod (shuffled first) and pads with re-sampled copies up to 130% of GPU capacity", () => {
    const out = padWorkload(pods, nodes, { seed: 7 });
    const originals = out.slice(0, pods.length);
    expect(originals.map((p) => p.name).sort()).toEqual(pods.map((p) => p.name));
    expect(originals.map((p) => p.name)).not.toEqual(pods.map((p) => p.name));
    const total = out.reduce((s, p) => s + podGpuMilli(p), 0);
    const target = 1.3 * gpuCapacityMilli(nodes);
    expect(total).toBeLessThanOrEqual(target);
    expect(total).toBeGreaterThan(target - 1000);
    for (const p of out.slice(pods.length)) expect(p.name).toMatch(/^p\d\d-tuned-\d+$/);
  });

  it("removes random pods when the list is above the ratio", () => {
    const out = padWorkload(pods, nodes, { seed: 1, ratio: 0.5 });
    expect(out.reduce((s, p) => s + podGpuMilli(p), 0)).toBeLessThanOrEqual(0.5 * gpuCapacityMilli(nodes));
  });
});

describe("FGD target workload", () => {
  it("keeps the most popular types covering 95% of pods and renormalises", () => {
    const list = [
      ...Array.from({ length: 60 }, (_, i) => pod(`a${i}`, 1, 500)),
      ...Array.from({ length: 36 }, (_, i) => pod(`b${i}`, 0, 0)),
      ...Array.from({ length: 3 }, (_, i) => pod(`c${i}`, 2, 1000)),
      pod("d", 8, 1000),
    ];
    const target = targetWorkload(list);
    expect(target.map((t) => [t.numGpu, t.gpuMilli])).toEqual([
      [1, 500],
      [0, 0],
    ]);
    expect(target[0]?.freq).toBeCloseTo(60 / 96);
    expect(target.reduce((s, t) => s + t.freq, 0)).toBeCloseTo(1);
    expect(targetWorkload(list, { includeCpuPods: false, popularity: 1 })).toHaveLength(3);
  });
});
