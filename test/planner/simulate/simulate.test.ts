import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { node, pod, REAL_TRACE_DIR } from "./helpers.js";
import {
  type Cluster,
  createRng,
  MAX_GPUS_FOR_TESTS,
  POLICY_NAMES,
  padWorkload,
  policyByName,
  readTrace,
  simulate,
  type TraceNode,
  type TracePod,
} from "./simulate-imports.js";

function randomCase(seed: number): { nodes: TraceNode[]; pods: TracePod[] } {
  const rng = createRng(seed);
  const gpuChoices = [0, 1, 2, 4, 8];
  const nodes = Array.from({ length: 6 + rng.int(10) }, (_, i) =>
    node(
      `n${i}`,
      gpuChoices[rng.int(5)] ?? 1,
      4000 + rng.int(60) * 1000,
      8192 + rng.int(64) * 1024,
      rng.next() < 0.5 ? "T4" : "G2",
    ),
  );
  const pods = Array.from({ length: 80 + rng.int(80) }, (_, i) => {
    const kind = rng.int(4);
    const p =
      kind === 0
        ? pod(`p${i}`, 0, 0, 500 + rng.int(16) * 500)
        : kind === 1
          ? pod(`p${i}`, 1, 50 + rng.int(19) * 50, 500 + rng.int(8) * 500, 512 + rng.int(16) * 512)
          : pod(`p${i}`, [1, 2, 4, 8][rng.int(4)] ?? 1, 1000, 1000 + rng.int(16) * 1000, 1024 + rng.int(32) * 1024);
    return rng.next() < 0.1 ? { ...p, gpuSpec: ["T4"] } : p;
  });
  return { nodes, pods };
}

describe("simulation invariants on random inputs", () => {
  for (const name of POLICY_NAMES) {
    it(`${name}: no node over capacity, every pod placed or failed, checkpoints in range`, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const { nodes, pods } = randomCase(seed * 101);
        let cluster: Cluster | undefined;
        const factory = policyByName(name);
        const r = simulate({
          nodes,
          pods,
          seed,
          checkpoints: [0.5, 1.0],
          policy: (ctx) => {
            cluster = ctx.cluster;
            return factory(ctx);
          },
        });
        expect(r.placed + r.failed).toBe(pods.length);
        expect(r.decisions).toBe(pods.length);
        const c = cluster!;
        let used = 0;
        for (let i = 0; i < c.size; i++) {
          expect(c.cpuLeft[i]).toBeGreaterThanOrEqual(0);
          expect(c.memLeft[i]).toBeGreaterThanOrEqual(0);
          for (let k = 0; k < MAX_GPUS_FOR_TESTS; k++) {
            const left = c.gpuLeft[i * MAX_GPUS_FOR_TESTS + k]!;
            expect(left).toBeGreaterThanOrEqual(0);
            expect(left).toBeLessThanOrEqual(1000);
            if (k < c.gpuCount[i]!) used += 1000 - left;
          }
        }
        expect(used).toBe(c.usedGpuMilli);
        for (const cp of r.checkpoints) {
          expect(cp.allocationRatio).toBeGreaterThanOrEqual(0);
          expect(cp.allocationRatio).toBeLessThanOrEqual(1);
        }
      }
    });
  }

  it("is deterministic for a seed", () => {
    const { nodes, pods } = randomCase(5);
    const a = simulate({ nodes, pods, policy: "ours", seed: 3 });
    const b = simulate({ nodes, pods, policy: "ours", seed: 3 });
    expect(a.checkpoints).toEqual(b.checkpoints);
    expect(a.placed).toBe(b.placed);
  });
});

const hasTrace = existsSync(REAL_TRACE_DIR);
if (!hasTrace) {
  console.warn(
    `[skipped] real-trace smoke test: ${REAL_TRACE_DIR} not found (the Alibaba GPU trace sits beside the repo in CI)`,
  );
}

describe.skipIf(!hasTrace)("real trace smoke test (Alibaba openb, a few hundred pods)", () => {
  it("runs every policy on 120 nodes and the pods padded to 130%", async () => {
    const trace = await readTrace(REAL_TRACE_DIR);
    const nodes = trace.nodes.filter((_, i) => i % 10 === 0);
    const original = trace.pods.filter((_, i) => i % 20 === 0);
    const pods = padWorkload(original, nodes, { seed: 42 });
    expect(pods.length).toBeGreaterThan(300);
    const ratios = new Map<string, number>();
    for (const name of POLICY_NAMES) {
      const r = simulate({ nodes, pods, policy: name, seed: 42, targetPods: original });
      expect(r.placed).toBeGreaterThan(0);
      const at130 = r.checkpoints[1]!.allocationRatio;
      expect(at130).toBeGreaterThan(0.6);
      expect(at130).toBeLessThanOrEqual(1);
      ratios.set(name, at130);
    }
    expect(ratios.get("fgd")!).toBeGreaterThan(ratios.get("random")! - 0.02);
  });
});
