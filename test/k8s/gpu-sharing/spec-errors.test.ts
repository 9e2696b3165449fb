/** Invalid GPU-sharing inputs of issue 3: each is a located error (code, path, line) from `loadPlatform`. */
import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../../src/model/index.js";
import { platformYaml } from "../../support/platforms.js";

const pool = (instanceType: string, sharing: string, extra = "") =>
  platformYaml(
    `    gpu:\n      instanceTypes: [${instanceType}]\n      workloadTypes: [production-inference]\n${extra}      gpuSharing:\n${sharing}`,
  );
const at = "spec.nodePools.gpu.gpuSharing";

describe("GPU sharing: invalid specs are located errors", () => {
  it.each([
    [
      "MIG layout over 7 compute slices",
      pool("p4de.24xlarge", "        mig: { layout: [1g.10gb, 1g.10gb, 1g.10gb, 2g.20gb, 3g.40gb] }\n"),
      "AIP014",
      `${at}.mig.layout`,
    ],
    [
      "MIG layout over 8 memory slices",
      pool("p4de.24xlarge", "        mig: { layout: [3g.40gb, 3g.40gb, 1g.10gb] }\n"),
      "AIP014",
      `${at}.mig.layout`,
    ],
    [
      "MIG profile the GPU lacks (3g.40gb on A100 40GB)",
      pool("p4d.24xlarge", "        mig: { layout: [2g.10gb, 3g.40gb] }\n"),
      "AIP013",
      `${at}.mig.layout[1]`,
    ],
    ["MIG on A10G (no MIG)", pool("g5.12xlarge", "        mig: { layout: [1g.10gb] }\n"), "AIP018", `${at}.mig.layout`],
    [
      "time-slicing replicas below range",
      pool("p4d.24xlarge", "        timeSlicing: { replicas: 1 }\n"),
      "AIP015",
      `${at}.timeSlicing.replicas`,
    ],
    [
      "time-slicing replicas above range",
      pool("p4d.24xlarge", "        timeSlicing: { replicas: 17 }\n"),
      "AIP015",
      `${at}.timeSlicing.replicas`,
    ],
    [
      "MPS replicas out of range",
      pool("p4d.24xlarge", "        mps: { replicas: 64 }\n"),
      "AIP015",
      `${at}.mps.replicas`,
    ],
    [
      "time-slicing together with MIG on one pool",
      pool("p4de.24xlarge", "        timeSlicing: { replicas: 4 }\n        mig: { layout: [3g.40gb, 3g.40gb] }\n"),
      "AIP024",
      at,
    ],
    [
      "MPS together with MIG on one pool",
      pool("p4de.24xlarge", "        mps: { replicas: 2 }\n        mig: { layout: [7g.80gb] }\n"),
      "AIP024",
      at,
    ],
    [
      "MIG pool on Karpenter without NodeOverlay",
      pool("p4de.24xlarge", "        mig: { layout: [7g.80gb] }\n", "      provisioner: karpenter\n"),
      "AIP019",
      "spec.nodePools.gpu.provisioner",
    ],
  ])("%s", (_name, yaml, code, path) => {
    const { model, findings } = loadPlatform(yaml, "p.yaml");
    expect(model).toBeUndefined();
    const errors = findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => [f.code, f.path])).toContainEqual([code, path]);
    const finding = errors.find((f) => f.code === code && f.path === path)!;
    expect(finding.line).toBeGreaterThan(0);
    expect(finding.file).toBe("p.yaml");
  });

  it("locates the MIG layout error on the layout's line", () => {
    const yaml = pool("p4de.24xlarge", "        mig: { layout: [3g.40gb, 3g.40gb, 1g.10gb] }\n");
    const line = yaml.split("\n").findIndex((l) => l.includes("layout:")) + 1;
    const finding = loadPlatform(yaml, "p.yaml").findings.find((f) => f.code === "AIP014")!;
    expect(finding.line).toBe(line);
  });

  it("accepts the valid layouts NVIDIA documents", () => {
    for (const layout of [
      "[3g.40gb, 3g.40gb]",
      "[4g.40gb, 3g.40gb]",
      "[3g.40gb, 2g.20gb, 1g.10gb, 1g.10gb]",
      "[2g.20gb, 2g.20gb, 2g.20gb, 1g.10gb]",
      "[1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb]",
    ]) {
      const { model, findings } = loadPlatform(pool("p4de.24xlarge", `        mig: { layout: ${layout} }\n`));
      expect(
        findings.filter((f) => f.severity === "error"),
        layout,
      ).toEqual([]);
      expect(model).toBeDefined();
    }
  });
});
