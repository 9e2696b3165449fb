import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PoolModel } from "../../src/model/index.js";
import { resourcesOf, type Synthesized, synth } from "./synth-helper.js";

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
afterAll(() => s.cleanup());

const managed = () => s.model.pools.filter((p) => p.provisioner === "managed-node-group");
const groupOf = (pool: PoolModel) =>
  resourcesOf(s, "AWS::EKS::Nodegroup").find((r) => {
    const labels = r.Properties?.Labels as Record<string, string> | undefined;
    return labels?.["eks-ai-platform/pool"] === pool.name;
  });
const EFFECT = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" };

describe("managed node groups", () => {
  it("exist for the CPU and MIG pools of the default platform, and only for them", () => {
    expect(managed().map((p) => p.name)).toEqual(["cpu", "a100-mig"]);
    s.template.resourceCountIs("AWS::EKS::Nodegroup", 2);
  });

  it("carry the model's labels and taints unchanged", () => {
    for (const pool of managed()) {
      const group = groupOf(pool);
      expect(group?.Properties?.Labels).toEqual(pool.labels);
      const taints = (group?.Properties?.Taints as unknown[] | undefined) ?? [];
      expect(taints).toEqual(
        pool.taints.map((t) => ({ Key: t.key, ...(t.value ? { Value: t.value } : {}), Effect: EFFECT[t.effect] })),
      );
    }
    expect(groupOf(managed()[1]!)?.Properties?.Taints).toEqual([{ Key: "gpu", Value: "mig", Effect: "NO_SCHEDULE" }]);
  });

  it("use the NVIDIA AMI for GPU pools and the standard one for CPU, with the pool's capacity type and sizes", () => {
    for (const pool of managed()) {
      const p = groupOf(pool)?.Properties;
      expect(p?.AmiType).toBe(pool.role === "gpu" ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD");
      expect(p?.CapacityType).toBe(pool.capacityTypes[0] === "spot" ? "SPOT" : "ON_DEMAND");
      expect(p?.InstanceTypes).toEqual(pool.instanceTypes);
      expect(p?.ScalingConfig).toEqual({ MinSize: pool.minNodes, MaxSize: pool.maxNodes, DesiredSize: pool.minNodes });
      expect(p?.DiskSize).toBeUndefined();
    }
  });

  it("have Cluster Autoscaler discovery and node-template tags, with MIG resources for scale-from-zero", () => {
    const mig = managed().find((p) => p.sharing.method === "mig")!;
    const tags = groupOf(mig)?.Properties?.Tags as Record<string, string>;
    expect(tags["k8s.io/cluster-autoscaler/enabled"]).toBe("true");
    expect(tags["k8s.io/cluster-autoscaler/ml-platform"]).toBe("owned");
    expect(tags["k8s.io/cluster-autoscaler/node-template/label/eks-ai-platform/pool"]).toBe("a100-mig");
    expect(tags["k8s.io/cluster-autoscaler/node-template/taint/gpu"]).toBe("mig:NoSchedule");
    for (const [resource, n] of Object.entries(mig.capacity[0]!.resources)) {
      expect(tags[`k8s.io/cluster-autoscaler/node-template/resources/${resource}`]).toBe(String(n));
    }
    expect(tags["k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/mig-3g.40gb"]).toBe("8");
  });

  it("launch from templates with IMDSv2 (hop limit 1) and an encrypted gp3 root volume of the pool's size", () => {
    for (const pool of managed()) {
      s.template.hasResourceProperties("AWS::EC2::LaunchTemplate", {
        LaunchTemplateData: Match.objectLike({
          MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 1 },
          BlockDeviceMappings: [
            {
              DeviceName: "/dev/xvda",
              Ebs: Match.objectLike({ Encrypted: true, VolumeType: "gp3", VolumeSize: pool.rootVolumeGiB }),
            },
          ],
        }),
      });
    }
    for (const g of resourcesOf(s, "AWS::EKS::Nodegroup")) expect(g.Properties?.LaunchTemplate).toBeDefined();
  });
});
