import { describe, expect, it } from "vitest";
import { GPU_MODELS, INSTANCE_TYPES } from "../../src/catalog/index.js";
import { DEFAULT_PLATFORM_YAML, loadPlatform, nodeCapacity } from "../../src/model/index.js";

const model = loadPlatform(DEFAULT_PLATFORM_YAML).model!;
const pool = (name: string) => model.pools.find((p) => p.name === name)!;

describe("capacity units of the default pools", () => {
  it("A100 40GB at 4 time-slicing replicas: 32 units of 10 GiB per p4d node", () => {
    const c = pool("a100-timeslice").capacity[0]!;
    expect(c.resources).toEqual({ "nvidia.com/gpu": 32 });
    expect(c.units).toEqual([
      { resource: "nvidia.com/gpu", count: 32, gpuMemoryMiB: 10240, computeFraction: 0.25, memoryIsolation: "none" },
    ]);
  });

  it("p4de with 3g.40gb + 2g.20gb + 1g.10gb x2: 8 + 8 + 16 MIG slices", () => {
    const c = pool("a100-mig").capacity[0]!;
    expect(c.resources).toEqual({
      "nvidia.com/mig-3g.40gb": 8,
      "nvidia.com/mig-2g.20gb": 8,
      "nvidia.com/mig-1g.10gb": 16,
    });
    const threeG = c.units.find((u) => u.resource === "nvidia.com/mig-3g.40gb")!;
    expect(threeG.gpuMemoryMiB).toBe(40 * 1024);
    expect(threeG.computeFraction).toBeCloseTo(3 / 7);
    expect(threeG.memoryIsolation).toBe("hardware");
  });

  it("H100 80GB at 2 replicas: 16 units of 40 GiB per p5 node", () => {
    expect(pool("h100-timeslice").capacity[0]!.units[0]).toMatchObject({ count: 16, gpuMemoryMiB: 40960 });
  });

  it("the CPU pool offers no GPU units", () => {
    expect(pool("cpu").capacity.map((c) => c.units)).toEqual([[], []]);
    expect(pool("cpu").capacity.map((c) => c.vCpu)).toEqual([8, 16]);
  });

  it("whole GPUs and MPS", () => {
    const p5 = INSTANCE_TYPES["p5.48xlarge"]!;
    const h100 = GPU_MODELS["H100-SXM5-80GB"]!;
    expect(nodeCapacity(p5, h100, { method: "none" }).resources).toEqual({ "nvidia.com/gpu": 8 });
    const mps = nodeCapacity(p5, h100, { method: "mps", replicas: 4, configName: "x" });
    expect(mps.units[0]).toMatchObject({ count: 32, gpuMemoryMiB: 20480, memoryIsolation: "driver" });
  });
});
