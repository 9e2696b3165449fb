import { describe, expect, it } from "vitest";
import {
  EC2_NODE_CLASS_API_VERSION,
  karpenterPools,
  NODE_OVERLAY_API_VERSION,
  NODE_POOL_API_VERSION,
  renderNodePools,
} from "../../../src/k8s/node-pools/index.js";
import type { KubeObject } from "../../../src/k8s/types.js";
import { karpenterNodeRoleName, type PlatformModel, type PoolModel } from "../../../src/model/index.js";
import { defaultModel, defaultWithProvisioner, modelOf, platformYaml } from "../../support/platforms.js";
import { crdSchemasAvailable, expectValid, validateObject } from "../../support/schema.js";

// biome-ignore lint/suspicious/noExplicitAny: reading generated objects
type Any = any;

const objectsOf = (model: PlatformModel) => renderNodePools(model).files.flatMap((f) => f.objects);
const find = (model: PlatformModel, kind: string, name: string): Any => {
  const o = objectsOf(model).find((x) => x.kind === kind && x.metadata.name === name);
  if (o === undefined) throw new Error(`no ${kind} ${name}`);
  return o;
};

const model = defaultModel();
const pools = karpenterPools(model);

describe("node-pools: default platform", () => {
  it("serves the two time-slicing pools with Karpenter; the CPU and MIG pools are managed node groups", () => {
    expect(pools.map((p) => p.name)).toEqual(["a100-timeslice", "h100-timeslice"]);
    const r = renderNodePools(model);
    expect(r.component).toBe("node-pools");
    expect(r.files.map((f) => f.name)).toEqual(["a100-timeslice", "h100-timeslice"]);
    expect(r.files.map((f) => f.objects.map((o) => o.kind))).toEqual([
      ["EC2NodeClass", "NodePool"],
      ["EC2NodeClass", "NodePool"],
    ]);
  });

  it("emits only schema-valid objects", () => {
    for (const o of objectsOf(model)) expectValid(o);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(renderNodePools(defaultModel()))).toBe(JSON.stringify(renderNodePools(model)));
  });
});

describe.each(pools.map((p) => [p.name, p] as [string, PoolModel]))("NodePool %s", (name, pool) => {
  const np = find(model, "NodePool", name);
  const tpl = np.spec.template;

  it("carries exactly the pool's labels and taints", () => {
    expect(np.apiVersion).toBe(NODE_POOL_API_VERSION);
    expect(tpl.metadata.labels).toEqual(pool.labels);
    expect(tpl.spec.taints).toEqual(pool.taints.map((t) => ({ ...t })));
    expect(tpl.metadata.labels["eks-ai-platform/pool"]).toBe(name);
    expect(tpl.metadata.labels["nvidia.com/device-plugin.config"]).toBe(name);
  });

  it("requires the pool's instance and capacity types and refers to its EC2NodeClass", () => {
    expect(tpl.spec.requirements).toEqual([
      { key: "node.kubernetes.io/instance-type", operator: "In", values: [...pool.instanceTypes] },
      { key: "karpenter.sh/capacity-type", operator: "In", values: [...pool.capacityTypes] },
    ]);
    expect(tpl.spec.nodeClassRef).toEqual({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name });
  });

  it("limits GPUs to maxNodes x GPUs per node, and cpu likewise", () => {
    const gpus = Math.max(...pool.capacity.map((c) => c.gpus));
    const vcpu = Math.max(...pool.capacity.map((c) => c.vCpu));
    expect(np.spec.limits["nvidia.com/gpu"]).toBe(String(pool.maxNodes * gpus));
    expect(np.spec.limits.cpu).toBe(String(pool.maxNodes * vcpu));
  });

  it("never consolidates busy training nodes: WhenEmpty, budgets, long grace period, expiry", () => {
    expect(np.spec.disruption.consolidationPolicy).toBe("WhenEmpty");
    expect(np.spec.disruption.consolidateAfter).toBe(pool.disruption.consolidateAfter);
    expect(np.spec.disruption.budgets).toContainEqual({ nodes: pool.disruption.budgetNodes });
    expect(np.spec.disruption.budgets).toContainEqual({ nodes: "1", reasons: ["Drifted"] });
    expect(tpl.spec.expireAfter).toBe(pool.expireAfter);
    expect(tpl.spec.terminationGracePeriod).toBe("24h");
  });

  it("has an EC2NodeClass with the pinned AL2023 alias, the stack's role and selectors, IMDSv2, encrypted gp3", () => {
    const nc = find(model, "EC2NodeClass", name);
    expect(nc.apiVersion).toBe(EC2_NODE_CLASS_API_VERSION);
    expect(nc.spec.amiSelectorTerms).toEqual([{ alias: `al2023@${model.cluster.amiRelease}` }]);
    expect(nc.spec.role).toBe(karpenterNodeRoleName(model));
    expect(nc.spec.role).toBe("ml-platform-karpenter-node");
    const selector = [{ tags: { "karpenter.sh/discovery": model.cluster.name } }];
    expect(nc.spec.subnetSelectorTerms).toEqual(selector);
    expect(nc.spec.securityGroupSelectorTerms).toEqual(selector);
    expect(nc.spec.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(nc.spec.blockDeviceMappings).toEqual([
      {
        deviceName: "/dev/xvda",
        rootVolume: true,
        ebs: { volumeSize: `${pool.rootVolumeGiB}Gi`, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
      },
    ]);
    expect(nc.spec.tags).toMatchObject(model.aws.tags);
    // Tag keys the EC2NodeClass CEL rules reserve (ajv does not run CEL).
    for (const k of Object.keys(nc.spec.tags)) {
      expect(
        k.startsWith("kubernetes.io/cluster") || k === "karpenter.sh/nodepool" || k === "eks:eks-cluster-name",
      ).toBe(false);
    }
  });
});

describe("node-pools: variants", () => {
  it("emits no NodePool when every pool is a managed node group", () => {
    const m = modelOf(defaultWithProvisioner("managed-node-groups"));
    expect(m.pools.every((p) => p.provisioner === "managed-node-group")).toBe(true);
    expect(renderNodePools(m).files).toEqual([]);
  });

  it("lets an inference pool consolidate underutilized nodes", () => {
    const m = modelOf(
      platformYaml(
        '    infer:\n      instanceTypes: [g5.12xlarge]\n      workloadTypes: [production-inference]\n      taints: ["gpu=infer:NoSchedule"]\n      gpuSharing: { timeSlicing: { replicas: 2 } }\n',
      ),
    );
    const np = find(m, "NodePool", "infer");
    expectValid(np);
    expect(np.spec.disruption.consolidationPolicy).toBe("WhenEmptyOrUnderutilized");
    expect(np.spec.disruption.budgets).toEqual([{ nodes: m.pools[1]!.disruption.budgetNodes }]);
    expect(np.spec.template.spec.terminationGracePeriod).toBe("1h");
  });

  it("emits a NodeOverlay advertising the MIG slices of a MIG pool that opted in", () => {
    const m = modelOf(
      platformYaml(
        '    mig:\n      instanceTypes: [p4de.24xlarge]\n      workloadTypes: [production-inference]\n      taints: ["gpu=mig:NoSchedule"]\n      nodeOverlay: true\n      gpuSharing: { mig: { layout: [3g.40gb, 2g.20gb, 1g.10gb, 1g.10gb] } }\n',
      ),
    );
    const pool = m.pools.find((p) => p.name === "mig")!;
    expect(pool.provisioner).toBe("karpenter");
    const objs = renderNodePools(m).files.find((f) => f.name === "mig")!.objects;
    expect(objs.map((o) => o.kind)).toEqual(["EC2NodeClass", "NodePool", "NodeOverlay"]);
    for (const o of objs) expectValid(o);
    const overlay: Any = objs[2] as KubeObject;
    expect(overlay.apiVersion).toBe(NODE_OVERLAY_API_VERSION);
    if (crdSchemasAvailable()) expect(validateObject(overlay).schema).toBe("karpenter/karpenter.sh_nodeoverlays.yaml");
    expect(overlay.spec.requirements).toEqual([
      { key: "karpenter.sh/nodepool", operator: "In", values: ["mig"] },
      { key: "node.kubernetes.io/instance-type", operator: "In", values: ["p4de.24xlarge"] },
    ]);
    expect(overlay.spec.capacity).toEqual({
      "nvidia.com/mig-1g.10gb": "16",
      "nvidia.com/mig-2g.20gb": "8",
      "nvidia.com/mig-3g.40gb": "8",
    });
    const np: Any = objs[1];
    expect(np.spec.template.metadata.labels).toEqual(pool.labels);
    expect(np.spec.template.metadata.labels["nvidia.com/mig.config"]).toBe("mig");
    expect(np.spec.limits["nvidia.com/gpu"]).toBe(String(pool.maxNodes * 8));
  });

  it("counts advertised replicas in the GPU limit of a time-slicing pool with a NodeOverlay", () => {
    const m = modelOf(
      platformYaml(
        "    ts:\n      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [training]\n      nodeOverlay: true\n      maxNodes: 3\n      gpuSharing: { timeSlicing: { replicas: 4 } }\n",
      ),
    );
    const objs = renderNodePools(m).files[0]!.objects;
    for (const o of objs) expectValid(o);
    const overlay: Any = objs.find((o) => o.kind === "NodeOverlay");
    expect(overlay.spec.capacity).toEqual({ "nvidia.com/gpu": "32" });
    expect((objs[1] as Any).spec.limits["nvidia.com/gpu"]).toBe("96");
  });
});
