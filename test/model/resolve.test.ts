import { describe, expect, it } from "vitest";
import { DEFAULT_PLATFORM_YAML, LABELS, loadPlatform, type PlatformModel } from "../../src/model/index.js";

const load = (yaml: string): PlatformModel => {
  const r = loadPlatform(yaml);
  expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
  return r.model!;
};
const model = load(DEFAULT_PLATFORM_YAML);
const pool = (m: PlatformModel, name: string) => m.pools.find((p) => p.name === name)!;

describe("the default platform reproduces the seed, corrected", () => {
  it("has the four pools with the seed's instance types", () => {
    expect(model.pools.map((p) => [p.name, p.instanceTypes])).toEqual([
      ["cpu", ["m5.2xlarge", "m5.4xlarge"]],
      ["a100-timeslice", ["p4d.24xlarge"]],
      ["a100-mig", ["p4de.24xlarge"]],
      ["h100-timeslice", ["p5.48xlarge"]],
    ]);
  });

  it("labels every node with its pool and one label per admitted workload type", () => {
    expect(pool(model, "a100-timeslice").labels).toEqual({
      [LABELS.pool]: "a100-timeslice",
      [LABELS.devicePluginConfig]: "a100-timeslice",
      "workload-type.eks-ai-platform/batch-inference": "true",
      "workload-type.eks-ai-platform/development": "true",
      "workload-type.eks-ai-platform/research": "true",
      "workload-type.eks-ai-platform/training": "true",
    });
    expect(pool(model, "a100-mig").labels[LABELS.migConfig]).toBe("a100-mig");
    expect(pool(model, "cpu").labels).not.toHaveProperty(LABELS.devicePluginConfig);
  });

  it("taints the three GPU pools with one key and distinct values; tolerations match key, value and effect", () => {
    expect(model.pools.map((p) => p.taints)).toEqual([
      [],
      [{ key: "gpu", value: "true", effect: "NoSchedule" }],
      [{ key: "gpu", value: "mig", effect: "NoSchedule" }],
      [{ key: "gpu", value: "h100", effect: "NoSchedule" }],
    ]);
    for (const p of model.pools) {
      for (const t of p.tolerations)
        expect(t).toEqual({ key: "gpu", operator: "Equal", value: expect.any(String), effect: "NoSchedule" });
    }
  });

  it("chooses provisioners by what each can provision for", () => {
    expect(model.pools.map((p) => [p.name, p.provisioner])).toEqual([
      ["cpu", "managed-node-group"],
      ["a100-timeslice", "karpenter"],
      ["a100-mig", "managed-node-group"],
      ["h100-timeslice", "karpenter"],
    ]);
    expect(pool(model, "a100-mig").provisionerReason).toMatch(/NodeOverlay/);
  });

  it("never consolidates job pools while they run jobs; inference pools may consolidate", () => {
    expect(pool(model, "a100-timeslice").disruption.consolidationPolicy).toBe("WhenEmpty");
    expect(pool(model, "h100-timeslice").disruption.consolidationPolicy).toBe("WhenEmpty");
    expect(pool(model, "a100-mig").disruption.consolidationPolicy).toBe("WhenEmptyOrUnderutilized");
  });

  it("spot first for training pools, on-demand for production inference", () => {
    expect(pool(model, "h100-timeslice").capacityTypes).toEqual(["spot", "on-demand"]);
    expect(pool(model, "a100-mig").capacityTypes).toEqual(["on-demand"]);
  });

  it("has two example teams with GPU and MIG quotas", () => {
    expect(model.teams.map((t) => t.name)).toEqual(["research", "applied-ml"]);
    expect(model.teams[1]!.quota).toMatchObject({
      "requests.nvidia.com/gpu": "8",
      "requests.nvidia.com/mig-3g.40gb": "2",
      "requests.nvidia.com/mig-1g.10gb": "4",
    });
    expect(model.namespaces.filter((n) => n.kind === "team").map((n) => n.name)).toEqual(["research", "applied-ml"]);
  });

  it("pins every EKS add-on and spreads over three AZs", () => {
    expect(Object.keys(model.cluster.addons).sort()).toEqual(
      ["aws-ebs-csi-driver", "aws-efs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"].sort(),
    );
    expect(Object.values(model.cluster.addons).every((v) => /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(v))).toBe(true);
    expect(model.aws.availabilityZones).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
  });

  it("installs the GPU operator, Karpenter and Cluster Autoscaler", () => {
    expect(model.components.map((c) => c.name)).toEqual(["gpu-operator", "karpenter", "cluster-autoscaler"]);
  });
});

describe("spec options", () => {
  const head = "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: x }\nspec:\n";

  it("managed-node-groups puts every GPU pool on a node group and drops Karpenter", () => {
    const m = load(`${head}  provisioner: managed-node-groups\n`);
    expect(m.pools.every((p) => p.provisioner === "managed-node-group")).toBe(true);
    expect(m.components.map((c) => c.name)).not.toContain("karpenter");
  });

  it("nodeOverlay lets Karpenter provision a MIG pool", () => {
    const m = load(
      `${head}  nodePools:\n    cpu: { instanceTypes: [m5.2xlarge], workloadTypes: [control] }\n` +
        "    mig: { instanceTypes: [p4de.24xlarge], workloadTypes: [production-inference], nodeOverlay: true, gpuSharing: { mig: { layout: [7g.80gb] } } }\n" +
        "  teams: [{ name: t }]\n",
    );
    expect(pool(m, "mig").provisioner).toBe("karpenter");
    expect(pool(m, "mig").capacity[0]!.resources).toEqual({ "nvidia.com/mig-7g.80gb": 8 });
  });

  it("a pool may choose MPS", () => {
    const m = load(
      `${head}  nodePools:\n    cpu: { instanceTypes: [m5.2xlarge], workloadTypes: [control] }\n` +
        "    g: { instanceTypes: [g6e.12xlarge], workloadTypes: [development], gpuSharing: { mps: { replicas: 3 } } }\n" +
        "  teams: [{ name: t }]\n",
    );
    expect(pool(m, "g").sharing).toEqual({ method: "mps", replicas: 3, configName: "g" });
    expect(pool(m, "g").capacity[0]!.resources).toEqual({ "nvidia.com/gpu": 12 });
  });

  it("warns when a standard workload type has no pool", () => {
    const r = loadPlatform(
      `${head}  nodePools:\n    cpu: { instanceTypes: [m5.2xlarge], workloadTypes: [control] }\n  teams: [{ name: t, workloadTypes: [control] }]\n`,
    );
    expect(r.model).toBeDefined();
    const warnings = r.findings.filter((f) => f.code === "AIP016" && f.severity === "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.found).toHaveLength(9);
  });
});
