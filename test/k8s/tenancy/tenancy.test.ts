import { describe, expect, it } from "vitest";
import {
  limitRanges,
  namespaces,
  PRIORITY_CLASS_BY_WORKLOAD_TYPE,
  PRIORITY_CLASSES,
  priorityClasses,
  quotaHard,
  renderTenancy,
  resourceQuotas,
  TEAM_LABEL,
  teamNamespaces,
} from "../../../src/k8s/tenancy/index.js";
import { platformNamespaces } from "../../../src/k8s/tenancy/platform-namespaces.js";
import type { KubeObject } from "../../../src/k8s/types.js";
import { WORKLOAD_TYPES } from "../../../src/spec/index.js";
import { defaultModel, expectSchemaValid, modelWith } from "../base/fixtures.js";

const model = defaultModel();
const byName = (objs: KubeObject[], name: string) => objs.find((o) => o.metadata.name === name);

describe("tenancy", () => {
  it("every object is schema-valid", () => {
    for (const f of renderTenancy(model).files) for (const o of f.objects) expectSchemaValid(o);
  });

  it.each(teamNamespaces(model))("team namespace %s enforces PSS restricted, pinned to the cluster version", (ns) => {
    const labels = byName(namespaces(model), ns)?.metadata.labels ?? {};
    expect(labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(labels["pod-security.kubernetes.io/enforce-version"]).toBe(`v${model.cluster.kubernetesVersion}`);
    expect(labels["pod-security.kubernetes.io/warn"]).toBe("restricted");
    expect(labels["pod-security.kubernetes.io/audit"]).toBe("restricted");
    expect(labels[TEAM_LABEL]).toBeDefined();
  });

  it("opts team namespaces into Katib's metrics collector only when Katib is installed", () => {
    for (const ns of teamNamespaces(model)) {
      expect(byName(namespaces(model), ns)?.metadata.labels?.["katib.kubeflow.org/metrics-collector-injection"]).toBe(
        "enabled",
      );
    }
    const off = modelWith("  training:\n    katib: false\n");
    for (const o of namespaces(off))
      expect(o.metadata.labels?.["katib.kubeflow.org/metrics-collector-injection"]).toBeUndefined();
  });

  it("meshes team namespaces when Linkerd is on, and not when it is off", () => {
    for (const ns of teamNamespaces(model))
      expect(byName(namespaces(model), ns)?.metadata.annotations?.["linkerd.io/inject"]).toBe("enabled");
    const off = modelWith("  networking:\n    mesh: none\n");
    for (const o of namespaces(off)) expect(o.metadata.annotations?.["linkerd.io/inject"]).toBeUndefined();
    expect(byName(namespaces(off), "linkerd")).toBeUndefined();
  });

  it("gives privileged only where it is needed, each with a reason, and never renders kube-system", () => {
    const all = namespaces(model);
    expect(byName(all, "kube-system")).toBeUndefined();
    const privileged = all.filter((o) => o.metadata.labels?.["pod-security.kubernetes.io/enforce"] === "privileged");
    expect(privileged.map((o) => o.metadata.name).sort()).toEqual([
      "amazon-cloudwatch",
      "gpu-operator",
      "linkerd-cni",
      "monitoring",
    ]);
    for (const o of all) expect(o.metadata.annotations?.["eks-ai-platform/pod-security-reason"]).toBeTruthy();
    expect(new Set(all.map((o) => o.metadata.name)).size).toBe(all.length);
  });

  it("gives every team namespace a quota naming nvidia.com/gpu and every MIG resource, 0 when not granted", () => {
    const quotas = resourceQuotas(model);
    expect(quotas.map((q) => q.metadata.namespace).sort()).toEqual([...teamNamespaces(model)].sort());
    for (const q of quotas) {
      const hard = (q.spec as { hard: Record<string, string> }).hard;
      expect(hard["requests.nvidia.com/gpu"]).toBeDefined();
      for (const profile of ["1g.10gb", "2g.20gb", "3g.40gb"])
        expect(hard[`requests.nvidia.com/mig-${profile}`]).toBeDefined();
    }
    const research = model.teams.find((t) => t.name === "research")!;
    expect(quotaHard(model, research)).toMatchObject({
      "requests.nvidia.com/gpu": "16",
      "requests.nvidia.com/mig-3g.40gb": "0",
      "requests.cpu": "256",
      "requests.memory": "2Ti",
    });
    const applied = model.teams.find((t) => t.name === "applied-ml")!;
    expect(quotaHard(model, applied)).toMatchObject({
      "requests.nvidia.com/mig-3g.40gb": "2",
      "requests.nvidia.com/mig-1g.10gb": "4",
      "requests.nvidia.com/mig-2g.20gb": "0",
    });
  });

  it("fills in container requests in every team namespace", () => {
    const ranges = limitRanges(model);
    expect(ranges.map((r) => r.metadata.namespace).sort()).toEqual([...teamNamespaces(model)].sort());
    const limit = (ranges[0]!.spec as { limits: { defaultRequest: Record<string, string> }[] }).limits[0]!;
    expect(Object.keys(limit.defaultRequest).sort()).toEqual(["cpu", "memory"]);
  });

  it("maps every workload type to a PriorityClass it defines; research/development is preemptible", () => {
    const names = new Set(priorityClasses().map((p) => p.metadata.name));
    for (const t of WORKLOAD_TYPES) expect(names.has(PRIORITY_CLASS_BY_WORKLOAD_TYPE[t])).toBe(true);
    const values = PRIORITY_CLASSES.map((c) => c.value);
    const lowest = PRIORITY_CLASSES.find((c) => c.value === Math.min(...values))!;
    expect(lowest.name).toBe(PRIORITY_CLASS_BY_WORKLOAD_TYPE.research);
    expect(lowest.preemptionPolicy).toBe("Never");
    const v = (t: (typeof WORKLOAD_TYPES)[number]) =>
      PRIORITY_CLASSES.find((c) => c.name === PRIORITY_CLASS_BY_WORKLOAD_TYPE[t])!.value;
    expect(v("production-inference")).toBeGreaterThan(v("training"));
    expect(v("training")).toBeGreaterThan(v("batch-inference"));
    expect(v("batch-inference")).toBeGreaterThan(v("research"));
    expect(Math.max(...values)).toBeLessThan(1_000_000_001);
    for (const p of priorityClasses()) expect(p.globalDefault).toBe(false);
  });
});

describe("platform namespaces follow what the spec installs", () => {
  const names = (yaml: string) => platformNamespaces(modelWith(yaml)).map((n) => n.name);

  it("creates mlops for the Feast feature server even without MLflow", () => {
    expect(names("  mlops: { tracking: none, modelRegistry: none, featureStore: feast }\n")).toContain("mlops");
    expect(names("  mlops: { tracking: none, modelRegistry: none }\n")).not.toContain("mlops");
  });

  it("creates llm-gateway only while the gateway is on", () => {
    expect(platformNamespaces(model).map((n) => n.name)).toContain("llm-gateway");
    expect(names("  gateway: { enabled: false }\n")).not.toContain("llm-gateway");
  });
});
