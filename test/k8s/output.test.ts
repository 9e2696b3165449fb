/**
 * Everything `aiplat synth` writes under k8s/ and gitops/ for a range of platforms: every file parses, every object
 * validates against its upstream schema, and the GitOps delivery pins every chart and orders CRDs first.
 */
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { kubernetesFiles } from "../../src/cli/synthesize.js";
import { renderKubernetes } from "../../src/k8s/index.js";
import { defaultModel, defaultWithProvisioner, modelOf } from "../support/platforms.js";
import { validateObject } from "../support/schema.js";

/** Kinds whose CRDs are not in ../shared/crds (cert-manager, trust-manager, ALB, snapshots): shape-checked elsewhere. */
const NO_SHARED_SCHEMA = new Set([
  "Kustomization",
  "Certificate",
  "Issuer",
  "ClusterIssuer",
  "Bundle",
  "IngressClassParams",
  "VolumeSnapshotClass",
]);

const platforms = {
  default: defaultModel(),
  "managed node groups": modelOf(defaultWithProvisioner("managed-node-groups")),
  "gpu packing scheduler": modelOf(
    "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: packed }\nspec:\n  scheduling: { gpuPackingProfile: true }\n",
  ),
  "no mesh": modelOf(
    "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: plain }\nspec:\n  networking: { mesh: none, ingress: none }\n",
  ),
};

describe.each(Object.entries(platforms))("k8s and gitops output: %s platform", (_name, model) => {
  const files = kubernetesFiles(renderKubernetes(model));
  const objects = Object.entries(files).flatMap(([file, text]) =>
    parseAllDocuments(text).map((doc, i) => {
      expect(doc.errors, `${file} document ${i}`).toEqual([]);
      return {
        file,
        object: doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string } } & Record<
          string,
          unknown
        >,
      };
    }),
  );

  it("writes a kustomization per component and a root Application", () => {
    expect(files["k8s/kustomization.yaml"]).toBeDefined();
    expect(Object.keys(files).filter((f) => f.endsWith("-root.yaml"))).toHaveLength(1);
  });

  it("every object validates against its upstream schema", () => {
    const problems: string[] = [];
    for (const { file, object } of objects) {
      if (NO_SHARED_SCHEMA.has(object.kind)) continue;
      const r = validateObject(object);
      if (r.errors.length > 0) problems.push(`${file} ${object.kind}/${object.metadata.name}: ${r.errors.join("; ")}`);
    }
    expect(problems).toEqual([]);
  });

  it("installs the snapshot CRDs the VolumeSnapshotClass needs, from a pinned tag", () => {
    const crds = objects.find(
      (o) => o.object.kind === "Application" && o.object.metadata.name === "snapshot-crds",
    )!.object;
    expect((crds.spec as { source: { targetRevision: string } }).source.targetRevision).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(objects.some((o) => o.object.kind === "VolumeSnapshotClass")).toBe(true);
  });

  it("every chart Application pins an exact version", () => {
    const apps = objects.map((o) => o.object).filter((o) => o.kind === "Application");
    for (const app of apps) {
      const source = (app.spec as { source: { chart?: string; targetRevision: string } }).source;
      if (source.chart) expect(source.targetRevision, app.metadata.name).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it("orders CRDs and operators before what uses them", () => {
    const wave = (name: string) =>
      Number(
        (
          objects.find((o) => o.object.kind === "Application" && o.object.metadata.name === name)?.object.metadata as {
            annotations?: Record<string, string>;
          }
        )?.annotations?.["argocd.argoproj.io/sync-wave"] ?? Number.NaN,
      );
    if (model.networking.mesh === "linkerd") expect(wave("linkerd-crds")).toBeLessThan(wave("linkerd-control-plane"));
    if (model.pools.some((p) => p.role === "gpu")) expect(wave("gpu-operator")).toBeLessThan(wave("gpu-sharing"));
    expect(wave("external-secrets")).toBeLessThan(wave("secrets"));
    expect(wave("snapshot-crds")).toBeLessThan(wave("storage-classes"));
    expect(wave("tenancy")).toBeLessThan(wave("node-pools") || Number.POSITIVE_INFINITY);
  });

  it("renders the secondary scheduler only when the spec enables it", () => {
    expect(files["k8s/scheduling/kustomization.yaml"] !== undefined).toBe(model.scheduling.gpuPackingProfile);
  });

  it("is deterministic", () => {
    expect(kubernetesFiles(renderKubernetes(model))).toEqual(files);
  });
});
