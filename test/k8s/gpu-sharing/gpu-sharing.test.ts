import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { CHARTS } from "../../../src/catalog/index.js";
import { kubernetesFiles } from "../../../src/cli/synthesize.js";
import {
  clusterPolicyFromValues,
  DEVICE_PLUGIN_CONFIG_MAP,
  GPU_OPERATOR_SYNC_WAVE,
  gpuOperatorApplication,
  gpuOperatorValues,
  MIG_PARTED_CONFIG_MAP,
} from "../../../src/k8s/gpu-sharing/index.js";
import { gitopsApplications, renderGpuSharing, renderKubernetes, renderNodePools } from "../../../src/k8s/index.js";
import { LABELS, type PlatformModel } from "../../../src/model/index.js";
import { defaultModel, modelOf, platformYaml } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";

// biome-ignore lint/suspicious/noExplicitAny: reading generated objects
type Any = any;

const model = defaultModel();
const configMap = (m: PlatformModel, name: string): Any =>
  renderGpuSharing(m)
    .files.flatMap((f) => f.objects)
    .find((o) => o.metadata.name === name);
const devicePluginEntries = (m: PlatformModel): Record<string, Any> =>
  Object.fromEntries(
    Object.entries(configMap(m, DEVICE_PLUGIN_CONFIG_MAP).data as Record<string, string>).map(([k, v]) => [
      k,
      parse(v),
    ]),
  );
const migParted = (m: PlatformModel): Any => parse(configMap(m, MIG_PARTED_CONFIG_MAP).data["config.yaml"]);

describe("gpu-sharing: default platform", () => {
  it("emits two schema-valid ConfigMaps in the gpu-operator namespace", () => {
    const r = renderGpuSharing(model);
    expect(r.component).toBe("gpu-sharing");
    expect(r.files.map((f) => f.name)).toEqual(["device-plugin-config", "mig-parted-config"]);
    for (const o of r.files.flatMap((f) => f.objects)) {
      expectValid(o);
      expect(o.metadata.namespace).toBe("gpu-operator");
    }
  });

  it("has one time-slicing config per time-slicing pool and a default without sharing", () => {
    const entries = devicePluginEntries(model);
    expect(Object.keys(entries)).toEqual(["default", "a100-timeslice", "h100-timeslice"]);
    expect(entries.default).toEqual({ version: "v1", flags: { migStrategy: "mixed" } });
    for (const pool of model.pools.filter((p) => p.sharing.method === "time-slicing")) {
      if (pool.sharing.method !== "time-slicing") continue;
      const key = pool.labels[LABELS.devicePluginConfig]!;
      expect(key).toBe(pool.sharing.configName);
      const ts = entries[key].sharing.timeSlicing;
      expect(entries[key].version).toBe("v1");
      expect(ts.renameByDefault).toBe(false);
      expect(ts.failRequestsGreaterThanOne).toBe(true);
      expect(ts.resources).toEqual([{ name: "nvidia.com/gpu", replicas: pool.sharing.replicas }]);
    }
    expect(entries["a100-timeslice"].sharing.timeSlicing.resources[0].replicas).toBe(4);
    expect(entries["h100-timeslice"].sharing.timeSlicing.resources[0].replicas).toBe(2);
  });

  it("has the MIG pool's layout in mig-parted config.yaml, plus all-disabled", () => {
    const config = migParted(model);
    expect(config.version).toBe("v1");
    expect(Object.keys(config["mig-configs"])).toEqual(["all-disabled", "a100-mig"]);
    expect(config["mig-configs"]["all-disabled"]).toEqual([{ devices: "all", "mig-enabled": false }]);
    const pool = model.pools.find((p) => p.name === "a100-mig")!;
    expect(pool.labels[LABELS.migConfig]).toBe("a100-mig");
    const [entry] = config["mig-configs"]["a100-mig"];
    expect(entry).toEqual({
      devices: "all",
      "mig-enabled": true,
      "mig-devices": { "3g.40gb": 1, "2g.20gb": 1, "1g.10gb": 2 },
    });
    // The per-GPU counts times 8 GPUs are exactly what the model says a node advertises.
    const perNode = Object.fromEntries(
      Object.entries(entry["mig-devices"] as Record<string, number>).map(([p, n]) => [`nvidia.com/mig-${p}`, n * 8]),
    );
    expect(perNode).toEqual(pool.capacity[0]!.resources);
  });

  it("shares no object between places, so a YAML writer emits no anchors or aliases", () => {
    const text = stringify([renderGpuSharing(model), renderNodePools(model)]);
    expect(text).not.toMatch(/[&*]a\d+\b/);
    // And the files synth writes carry none, whatever other components share.
    expect(Object.values(kubernetesFiles(renderKubernetes(model))).join("\n")).not.toMatch(/[&*]a\d+\b/);
  });

  it("is deterministic, byte for byte", () => {
    expect(JSON.stringify(renderKubernetes(defaultModel()))).toBe(JSON.stringify(renderKubernetes(model)));
  });
});

describe("GPU Operator Application", () => {
  const app: Any = gpuOperatorApplication(model)!.application;
  const values: Any = app.spec.source.helm.valuesObject;

  it("is a schema-valid Argo CD Application of the pinned chart", () => {
    expectValid(app);
    expect(gitopsApplications(model).map((a) => a.name)).toEqual(["gpu-operator"]);
    expect(app.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe(String(GPU_OPERATOR_SYNC_WAVE));
    const chart = CHARTS["gpu-operator"];
    expect(app.spec.source).toMatchObject({
      repoURL: chart.repoURL,
      chart: chart.chart,
      targetRevision: chart.version,
    });
    expect(app.spec.destination.namespace).toBe("gpu-operator");
    expect(app.spec.syncPolicy.syncOptions).toEqual(
      expect.arrayContaining(["ServerSideApply=true", "CreateNamespace=true"]),
    );
  });

  it("turns driver and toolkit off and points at the platform's ConfigMaps", () => {
    expect(values.driver).toEqual({ enabled: false });
    expect(values.toolkit).toEqual({ enabled: false });
    expect(values.devicePlugin.config).toMatchObject({ name: DEVICE_PLUGIN_CONFIG_MAP, default: "default" });
    expect(values.migManager.config).toMatchObject({ name: MIG_PARTED_CONFIG_MAP, default: "all-disabled" });
    expect(values.migManager.env).toEqual([{ name: "WITH_REBOOT", value: "true" }]);
    expect(values.mig.strategy).toBe("mixed");
    expect(values.dcgmExporter.serviceMonitor.enabled).toBe(true);
  });

  it("tolerates every GPU pool taint exactly (key, value, effect) and never a bare Exists on gpu", () => {
    const tolerations: Any[] = values.daemonsets.tolerations;
    for (const pool of model.pools.filter((p) => p.role === "gpu")) {
      for (const taint of pool.taints) {
        expect(tolerations).toContainEqual({
          key: taint.key,
          operator: "Equal",
          value: taint.value,
          effect: taint.effect,
        });
      }
    }
    expect(tolerations).toHaveLength(3);
    expect(tolerations.filter((t) => t.key === "gpu" && t.operator === "Exists")).toEqual([]);
    expect(tolerations.filter((t) => t.key === undefined)).toEqual([]);
    expect(values["node-feature-discovery"].worker.tolerations).toEqual(tolerations);
  });

  it("runs operands only on GPU nodes and the operator on the CPU pool", () => {
    const cpu = model.pools.find((p) => p.workloadTypes.includes("control"))!;
    expect(cpu.labels["eks-ai-platform/pool"]).toBe("cpu");
    expect(values.operator.nodeSelector).toEqual({ "eks-ai-platform/pool": "cpu" });
    expect(values["node-feature-discovery"].master.nodeSelector).toEqual({ "eks-ai-platform/pool": "cpu" });
    const term =
      values["node-feature-discovery"].worker.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms[0].matchExpressions[0];
    expect(term).toEqual({
      key: "eks-ai-platform/pool",
      operator: "In",
      values: ["a100-timeslice", "a100-mig", "h100-timeslice"],
    });
  });

  it("implies a ClusterPolicy that validates against the GPU Operator CRD", () => {
    const cp: Any = clusterPolicyFromValues(gpuOperatorValues(model));
    expectValid(cp);
    expect(cp.spec.daemonsets.tolerations).toEqual(values.daemonsets.tolerations);
    expect(cp.spec.migManager.config).toEqual({ name: MIG_PARTED_CONFIG_MAP, default: "all-disabled" });
  });
});

describe("gpu-sharing: variants", () => {
  it("emits an MPS config for an mps pool", () => {
    const m = modelOf(
      platformYaml(
        '    shared:\n      instanceTypes: [g5.12xlarge]\n      workloadTypes: [development]\n      taints: ["gpu=mps:NoSchedule"]\n      gpuSharing: { mps: { replicas: 3 } }\n',
      ),
    );
    const entries = devicePluginEntries(m);
    expect(Object.keys(entries)).toEqual(["default", "shared"]);
    expect(entries.shared.sharing).toEqual({
      mps: { renameByDefault: false, resources: [{ name: "nvidia.com/gpu", replicas: 3 }] },
    });
    for (const c of [renderGpuSharing(m), renderNodePools(m)])
      for (const f of c.files) for (const o of f.objects) expectValid(o);
    const values: Any = gitopsApplications(m)[0]!.application.spec;
    expect(values.source.helm.valuesObject.daemonsets.tolerations).toEqual([
      { key: "gpu", operator: "Equal", value: "mps", effect: "NoSchedule" },
    ]);
    expectValid(clusterPolicyFromValues(gpuOperatorValues(m)));
  });

  it("emits nothing without GPU pools", () => {
    const m = modelOf(platformYaml(""));
    expect(renderGpuSharing(m).files).toEqual([]);
    expect(gitopsApplications(m)).toEqual([]);
  });

  it("gives every MIG pool its own layout, counts equal to the model's", () => {
    const m = modelOf(
      platformYaml(
        "    mig-a:\n      instanceTypes: [p4de.24xlarge]\n      workloadTypes: [production-inference]\n      gpuSharing: { mig: { layout: [1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb, 1g.10gb] } }\n" +
          "    mig-b:\n      instanceTypes: [p5.48xlarge]\n      workloadTypes: [critical-agents]\n      gpuSharing: { mig: { layout: [4g.40gb, 3g.40gb] } }\n",
      ),
    );
    const configs = migParted(m)["mig-configs"];
    expect(Object.keys(configs)).toEqual(["all-disabled", "mig-a", "mig-b"]);
    expect(configs["mig-a"][0]["mig-devices"]).toEqual({ "1g.10gb": 7 });
    expect(configs["mig-b"][0]["mig-devices"]).toEqual({ "4g.40gb": 1, "3g.40gb": 1 });
  });
});
