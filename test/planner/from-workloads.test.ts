import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PLATFORM_YAML, loadPlatform } from "../../src/model/index.js";
import { demandsFromWorkloads, peakReplicas, planCapacity } from "../../src/planner/index.js";
import { loadWorkloads, type Workload } from "../../src/workloads/index.js";

const model = loadPlatform(DEFAULT_PLATFORM_YAML).model!;
const EXAMPLES = new URL("../../examples/workloads/", import.meta.url).pathname;
const examples: Workload[] = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((f) => loadWorkloads(readFileSync(join(EXAMPLES, f), "utf8"), f).workloads.map((l) => l.workload));
const byName = (name: string) => {
  const { demands } = demandsFromWorkloads(examples, model);
  return demands.find((d) => d.name.endsWith(`/${name}`))!;
};

const load = (yaml: string): Workload => loadWorkloads(yaml, "t.yaml").workloads[0]!.workload;

describe("workloads -> planner demands", () => {
  it("places every example and sizes it at peak", () => {
    const { demands, unplaced } = demandsFromWorkloads(examples, model);
    expect(unplaced).toEqual([]);
    expect(demands).toHaveLength(examples.length);
    for (const w of examples) {
      const d = demands.find((x) => x.name.endsWith(`/${w.metadata.name}`))!;
      expect(d.replicas).toBe(peakReplicas(w));
    }
  });

  it("MIG placements become mig demands with their profile; autoscaling counts at its maximum", () => {
    const d = byName("llama-3-8b");
    expect(d.pool).toBe("a100-mig");
    expect(d.gpu).toEqual({ kind: "mig", profile: "3g.40gb", count: 1 });
    expect(d.replicas).toBe(8);
    expect(d.cpuMilli).toBe(8000);
    expect(d.memoryMiB).toBe(48 * 1024);
  });

  it("time-sliced placements become shared demands with the declared GPU memory, else the replica's budget", () => {
    expect(byName("mistral-dev").gpu).toEqual({ kind: "shared", count: 1, memoryMiB: 8 * 1024 });
    const w = load(`apiVersion: eks-ai-platform/v1alpha1
kind: TrainingJob
metadata: { name: nb, namespace: research }
spec: { workloadType: research, image: x.io/t:1, gpu: { count: 1 } }
`);
    const { demands } = demandsFromWorkloads([w], model);
    const ts = model.pools.find((p) => p.name === demands[0]!.pool)!;
    const budget = ts.capacity[0]!.units.find((u) => u.resource === "nvidia.com/gpu")!.gpuMemoryMiB;
    expect(demands[0]!.gpu).toEqual({ kind: "shared", count: 1, memoryMiB: budget });
  });

  it("peak pods: workers x parallel trials, parallel shards, agent replicas", () => {
    expect(byName("bert-hpo").replicas).toBe(4);
    expect(byName("nightly-embeddings").replicas).toBe(4);
    const agent = byName("research-crew");
    expect(agent.gpu).toBeUndefined();
    expect(agent.pool).toBe("cpu");
  });

  it("a workload no pool admits is unplaced with placement's reason, and the plan lists it", async () => {
    const w = load(`apiVersion: eks-ai-platform/v1alpha1
kind: TrainingJob
metadata: { name: huge, namespace: research }
spec: { image: x.io/t:1, gpu: { memoryGiB: 500 } }
`);
    const { demands, unplaced } = demandsFromWorkloads([w], model);
    expect(demands).toEqual([]);
    expect(unplaced).toEqual([
      { name: "research/huge", reason: expect.stringMatching(/^no pool can run TrainingJob huge/) },
    ]);
    const plan = await planCapacity(model, demands);
    expect(plan.total.nodes).toBe(0);
  });
});
