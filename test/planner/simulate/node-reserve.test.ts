// The reserve of untouched big nodes (our policy's first key), on hand-worked clusters.
import { describe, expect, it } from "vitest";
import { Cluster, type PolicyFactory, type TargetType, type TracePod } from "../../../src/planner/simulate/index.js";
import { NodeReserve } from "../../../src/planner/simulate/policies/node-reserve.js";
import { createOursPolicy } from "../../../src/planner/simulate/policies/ours.js";
import { createRng } from "../../../src/planner/simulate/prng.js";
import { node, pod } from "./helpers.js";

describe("NodeReserve", () => {
  // two untouched 8-GPU nodes and a 2-GPU node; the reserve keeps at most one 8-GPU node
  const nodes = [node("a", 8), node("b", 8), node("c", 2)];
  const setup = () => {
    const cluster = new Cluster(nodes);
    const [one, eight, cpu] = cluster.prepare([pod("one", 1, 1000), pod("eight", 8, 1000), pod("cpu", 0, 0)]);
    return {
      cluster,
      one: one!,
      eight: eight!,
      cpu: cpu!,
      reserve: new NodeReserve(cluster, { minGpus: 8, nodes: 1 }),
    };
  };

  it("protects nothing while more untouched nodes than the reserve size are left", () => {
    const { one, reserve } = setup();
    expect(reserve.left).toBe(2);
    expect(reserve.breaks(0, one)).toBe(false);
  });

  it("protects the last untouched node from pods that leave some of its GPUs free, CPU-only pods included", () => {
    const { cluster, one, eight, cpu, reserve } = setup();
    cluster.place(one, { node: 0, gpus: [0] });
    reserve.placed(0);
    expect(reserve.left).toBe(1);
    expect(reserve.breaks(1, one)).toBe(true);
    expect(reserve.breaks(1, cpu)).toBe(true);
    expect(reserve.breaks(1, eight)).toBe(false); // the pod the reserve is for
    expect(reserve.breaks(0, one)).toBe(false); // already touched
    expect(reserve.breaks(2, one)).toBe(false); // too small to be reserved
  });

  it("counts a node as touched once CPU is used on it, even with every GPU free", () => {
    const { cluster, cpu, reserve } = setup();
    cluster.place(cpu, { node: 1, gpus: [] });
    reserve.placed(1);
    expect(reserve.left).toBe(1);
  });
});

describe("ours with the reserve", () => {
  // node a: 2 GPUs with 400 milli left each; node b: an untouched 8-GPU node; target: 400-milli pods.
  // A 300-milli pod on a leaves 100 milli no target pod fits (fragmentation +100); on b it leaves 700 (+0), so
  // the gradient prefers b; with b the last untouched 8-GPU node, the reserve sends the pod to a.
  const nodes = [node("a", 2), node("b", 8)];
  const target: TargetType[] = [{ cpuMilli: 1000, gpuMilli: 400, numGpu: 1, gpuSpec: [], freq: 1 }];
  const decide = (factory: PolicyFactory, p: TracePod) => {
    const cluster = new Cluster(nodes);
    const reqs = cluster.prepare([pod("u0", 1, 600), pod("u1", 1, 600), p]);
    cluster.place(reqs[0]!, { node: 0, gpus: [0] });
    cluster.place(reqs[1]!, { node: 0, gpus: [1] });
    const rank = Int32Array.from(nodes, (_, i) => i);
    return factory({ cluster, rng: createRng(1), rank, target, typeCount: reqs.length }).choose(reqs[2]!);
  };
  const reserve = { minGpus: 8, nodes: 1 };

  it("keeps the untouched node when the pod fits elsewhere", () => {
    expect(decide(createOursPolicy({ reserve: null }), pod("p", 1, 300))).toEqual({ node: 1, gpus: [0] });
    expect(decide(createOursPolicy({ reserve }), pod("p", 1, 300))).toEqual({ node: 0, gpus: [0] });
  });

  it("uses the untouched node when the pod fits nowhere else", () => {
    expect(decide(createOursPolicy({ reserve }), pod("p", 1, 1000))).toEqual({ node: 1, gpus: [0] });
  });
});
