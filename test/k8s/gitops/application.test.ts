import { describe, expect, it } from "vitest";
import { CHARTS } from "../../../src/catalog/index.js";
import { chartApplication } from "../../../src/k8s/gitops/application.js";
import { expectValid } from "../../support/schema.js";

// biome-ignore lint/suspicious/noExplicitAny: reading generated objects
type Any = any;

describe("chartApplication", () => {
  it("pins an HTTPS chart with typed values, server-side apply and a sync wave", () => {
    const app: Any = chartApplication({
      name: "gpu-operator",
      chart: CHARTS["gpu-operator"],
      namespace: "gpu-operator",
      values: { driver: { enabled: false } },
      syncWave: -5,
    });
    expectValid(app);
    expect(app.metadata).toEqual({
      name: "gpu-operator",
      namespace: "argocd",
      annotations: { "argocd.argoproj.io/sync-wave": "-5" },
    });
    expect(app.spec.project).toBe("default");
    expect(app.spec.source).toEqual({
      repoURL: "https://helm.ngc.nvidia.com/nvidia",
      chart: "gpu-operator",
      targetRevision: CHARTS["gpu-operator"].version,
      helm: { releaseName: "gpu-operator", valuesObject: { driver: { enabled: false } } },
    });
    expect(app.spec.destination).toEqual({ name: "in-cluster", namespace: "gpu-operator" });
    expect(app.spec.syncPolicy.syncOptions).toEqual(["CreateNamespace=true", "ServerSideApply=true"]);
    expect(app.spec.syncPolicy.managedNamespaceMetadata).toBeUndefined();
  });

  it("gives an OCI chart without the scheme, and takes a project and namespace labels", () => {
    const app: Any = chartApplication({
      name: "karpenter",
      chart: CHARTS.karpenter,
      namespace: "kube-system",
      values: {},
      syncWave: 0,
      project: "platform",
      namespaceLabels: { "pod-security.kubernetes.io/enforce": "privileged" },
    });
    expectValid(app);
    expect(app.spec.source.repoURL).toBe("public.ecr.aws/karpenter");
    expect(app.spec.project).toBe("platform");
    expect(app.spec.syncPolicy.managedNamespaceMetadata).toEqual({
      labels: { "pod-security.kubernetes.io/enforce": "privileged" },
    });
  });
});
