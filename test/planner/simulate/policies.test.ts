// Hand-worked examples from the definitions of the FGD paper (Weng et al., ATC'23) and the upstream scorers.
import { describe, expect, it } from "vitest";
import {
  Cluster,
  FragModel,
  POLICIES,
  type PolicyName,
  type TargetType,
  type TraceNode,
  type TracePod,
} from "../../../src/planner/simulate/index.js";
import { fgdScore } from "../../../src/planner/simulate/policies/fgd.js";
import { createRng } from "../../../src/planner/simulate/prng.js";
import { node, pod } from "./helpers.js";

/** Builds a cluster, applies `setup` placements, and asks `policy` where `p` goes. */
function decide(
  policy: PolicyName,
  nodes: TraceNode[],
  setup: [TracePod, number, number[]][],
  p: TracePod,
  target: TargetType[] = [],
) {
  const cluster = new Cluster(nodes);
  const reqs = cluster.prepare([...setup.map((s) => s[0]), p]);
  setup.forEach(([, n, gpus], i) => {
    cluster.place(reqs[i]!, { node: n, gpus });
  });
  const rank = Int32Array.from(nodes, (_, i) => i);
  const inst = POLICIES[policy]({ cluster, rng: createRng(1), rank, target, typeCount: reqs.length });
  return inst.choose(reqs[reqs.length - 1]!);
}

const share = (milli: number, cpu = 1000): TargetType => ({
  cpuMilli: cpu,
  gpuMilli: milli,
  numGpu: 1,
  gpuSpec: [],
  freq: 1,
});

describe("fragmentation measure (paper §3, upstream NodeGpuShareFragAmount)", () => {
  it("counts idle GPUs too small for a type, or all idle GPUs when the type cannot run", () => {
    const model = new FragModel(
      [
        { cpuMilli: 2000, gpuMilli: 500, numGpu: 1, gpuSpec: [], freq: 0.5 },
        { cpuMilli: 8000, gpuMilli: 1000, numGpu: 1, gpuSpec: [], freq: 0.25 },
        { cpuMilli: 1000, gpuMilli: 0, numGpu: 0, gpuSpec: [], freq: 0.25 },
      ],
      ["G2"],
    );
    // GPUs with 300 and 1000 milli left, 4 cores left:
    // 500-type fits on the free GPU -> fragment = 300; 1000-type lacks CPU -> all 1300 idle; CPU type -> 1300.
    expect(model.frag(4000, [300, 1000], 0, 2, 0)).toBeCloseTo(0.5 * 300 + 0.25 * 1300 + 0.25 * 1300);
    // with 8 cores the 1000-type fits: its fragment is the 300 milli GPU
    expect(model.frag(8000, [300, 1000], 0, 2, 0)).toBeCloseTo(0.5 * 300 + 0.25 * 300 + 0.25 * 1300);
    expect(model.frag(8000, [0, 0], 0, 2, 0)).toBe(0);
  });
});

describe("baseline policies on hand-worked clusters", () => {
  // node 0: one GPU with 700 milli left; node 1: one free GPU. A 600-milli pod arrives; the target is 300-milli pods.
  const nodes = [node("a", 1), node("b", 1)];
  const setup: [TracePod, number, number[]][] = [[pod("used", 1, 300), 0, [0]]];
  const p = pod("new", 1, 600);

  it("best-fit takes the node with the least left after placement", () => {
    expect(decide("best-fit", nodes, setup, p)).toEqual({ node: 0, gpus: [0] });
  });

  it("FGD avoids the placement that strands 100 milli (frag +100 -> score 47 vs 50)", () => {
    expect(fgdScore(-100)).toBe(47);
    expect(fgdScore(0)).toBe(50);
    expect(decide("fgd", nodes, setup, p, [share(300)])).toEqual({ node: 1, gpus: [0] });
  });

  it("FGD picks the GPU inside a node that keeps room for the target type", () => {
    // GPUs with 400 and 1000 left; a 300-milli pod on GPU 0 leaves 100 (fragment), on GPU 1 leaves 700.
    const two = [node("a", 2)];
    const choice = decide("fgd", two, [[pod("used", 1, 600), 0, [0]]], pod("new", 1, 300), [share(300)]);
    expect(choice).toEqual({ node: 0, gpus: [1] });
    expect(decide("best-fit", two, [[pod("used", 1, 600), 0, [0]]], pod("new", 1, 300))).toEqual({
      node: 0,
      gpus: [0],
    });
  });

  it("GPU packing prefers a shared GPU, then free GPUs of a used node, then the smallest free node", () => {
    const cl = [node("big", 8), node("small", 2), node("used", 4)];
    const usedSetup: [TracePod, number, number[]][] = [[pod("x", 1, 1000), 2, [0]]];
    // whole GPU: used node scores 50 - 1 = 49 > small free node 33 - 2 = 31 > big free node 33 - 8 = 25
    expect(decide("gpu-packing", cl, usedSetup, pod("w", 1, 1000))?.node).toBe(2);
    expect(decide("gpu-packing", cl, [], pod("w", 1, 1000))?.node).toBe(1);
    // shared pod fits the partly used GPU of "used" (score 100 - 50/10 = 95)
    const half: [TracePod, number, number[]][] = [[pod("h", 1, 500), 2, [3]]];
    expect(decide("gpu-packing", cl, half, pod("s", 1, 400))).toEqual({ node: 2, gpus: [3] });
  });

  it("dot-product takes the node with the smallest dot product of left and requested resources", () => {
    const cl = [node("cpu-rich", 2, 96000), node("cpu-poor", 2, 16000)];
    // dot = cpuLeft/128k * 8k/128k + 2000/8000 * 1000/8000: smaller on the CPU-poor node
    expect(decide("dot-product", cl, [], pod("d", 1, 1000, 8000))?.node).toBe(1);
  });

  it("random returns a feasible node and spreads over them", () => {
    const cl = [node("a", 1), node("b", 1), node("c", 1, 500)];
    const seen = new Set<number>();
    for (let s = 0; s < 40; s++) {
      const cluster = new Cluster(cl);
      const [req] = cluster.prepare([pod("r", 1, 1000, 1000)]);
      const inst = POLICIES.random({ cluster, rng: createRng(s), rank: new Int32Array(3), target: [], typeCount: 1 });
      const c = inst.choose(req!);
      expect(c && c.node !== 2).toBe(true);
      seen.add(c!.node);
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it("every policy returns null when no node fits", () => {
    for (const name of Object.keys(POLICIES) as PolicyName[]) {
      expect(decide(name, [node("a", 1)], [], pod("huge", 2, 1000), [share(500)])).toBeNull();
    }
  });
});
