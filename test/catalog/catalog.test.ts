import { describe, expect, it } from "vitest";
import {
  DEFAULT_CATALOG,
  GPU_MODELS,
  gpuModel,
  INSTANCE_TYPES,
  instanceType,
  kubernetesRelease,
  UnknownFactError,
} from "../../src/catalog/index.js";

describe("catalog lookups", () => {
  it("finds a known instance type", () => {
    expect(instanceType("p4de.24xlarge")).toMatchObject({
      gpuModel: "A100-SXM4-80GB",
      gpuCount: 8,
      vCpu: 96,
      memoryGiB: 1152,
    });
  });

  it.each([
    ["instance type", () => instanceType("p9.huge")],
    ["GPU model", () => gpuModel("B300")],
    ["Kubernetes version", () => kubernetesRelease("1.20")],
  ])("an unknown %s fails listing the known keys", (_table, lookup) => {
    const err = (() => {
      try {
        lookup();
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownFactError);
    expect((err as UnknownFactError).known.length).toBeGreaterThan(0);
    expect((err as Error).message).toMatch(/known: /);
  });
});

describe("instance type facts", () => {
  it("every GPU instance type names a GPU model of the catalog", () => {
    for (const t of Object.values(INSTANCE_TYPES)) {
      if (t.gpuCount > 0) expect(GPU_MODELS[t.gpuModel!], t.name).toBeDefined();
      else expect(t.gpuModel, t.name).toBeUndefined();
    }
  });

  it("p5.48xlarge is 8x H100 80GB, not A100 (seed correction 1)", () => {
    expect(instanceType("p5.48xlarge")).toMatchObject({ gpuModel: "H100-SXM5-80GB", gpuCount: 8 });
  });

  it("prices match the facts table", () => {
    expect(instanceType("p4d.24xlarge").pricePerHourUSD).toBe(21.958);
    expect(instanceType("p4de.24xlarge").pricePerHourUSD).toBe(27.447);
    expect(instanceType("p5.48xlarge").pricePerHourUSD).toBe(55.04);
    expect(instanceType("m5.2xlarge").pricePerHourUSD).toBe(0.384);
  });
});

describe("MIG profiles (NVIDIA mig-parted / MIG user guide)", () => {
  // Max instances per GPU, from shared/facts.
  it.each([
    ["A100-SXM4-40GB", { "1g.5gb": 7, "1g.10gb": 4, "2g.10gb": 3, "3g.20gb": 2, "4g.20gb": 1, "7g.40gb": 1 }],
    ["A100-SXM4-80GB", { "1g.10gb": 7, "1g.20gb": 4, "2g.20gb": 3, "3g.40gb": 2, "4g.40gb": 1, "7g.80gb": 1 }],
    ["H100-SXM5-80GB", { "1g.10gb": 7, "1g.20gb": 4, "2g.20gb": 3, "3g.40gb": 2, "4g.40gb": 1, "7g.80gb": 1 }],
    ["H200-141GB", { "1g.18gb": 7, "1g.35gb": 4, "2g.35gb": 3, "3g.71gb": 2, "4g.71gb": 1, "7g.141gb": 1 }],
  ])("%s offers exactly its profiles", (gpu, expected) => {
    const profiles = GPU_MODELS[gpu]!.migProfiles;
    expect(Object.fromEntries(Object.values(profiles).map((p) => [p.name, p.maxInstances]))).toEqual(expected);
  });

  it("A100 40GB has no 80GB profiles (seed correction 2)", () => {
    expect(GPU_MODELS["A100-SXM4-40GB"]!.migProfiles["3g.40gb"]).toBeUndefined();
  });

  it("GPUs without MIG have no profiles", () => {
    expect(Object.keys(GPU_MODELS.A10G!.migProfiles)).toEqual([]);
    expect(DEFAULT_CATALOG.gpuModels.L40S!.migComputeSlices).toBe(0);
  });
});
