/** Models for the base's tests: the default platform and variants written as platform.yaml text. */
import { expect } from "vitest";
import { DEFAULT_PLATFORM_YAML, loadPlatform, type PlatformModel } from "../../../src/model/index.js";
import { validateObject } from "../../support/schema.js";

/** The default platform's model. */
export function defaultModel(): PlatformModel {
  return modelOf(DEFAULT_PLATFORM_YAML);
}

/** The model of `spec` (YAML lines under `spec:`, indented two spaces). */
export function modelWith(spec: string): PlatformModel {
  return modelOf(
    `apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata:\n  name: ml-platform\nspec:\n${spec}`,
  );
}

function modelOf(text: string): PlatformModel {
  const loaded = loadPlatform(text);
  expect(loaded.findings.filter((f) => f.severity === "error")).toEqual([]);
  return loaded.model!;
}

/**
 * Kinds whose CRDs are not in `../shared/crds` (cert-manager, trust-manager, the load balancer controller and the
 * external-snapshotter are not among the copied upstreams): the shared helper reports "no schema" for them. They are
 * checked structurally here and listed so that adding their CRDs later turns the check into real validation.
 */
export const KINDS_WITHOUT_SHARED_CRD: ReadonlySet<string> = new Set([
  "cert-manager.io/v1 ClusterIssuer",
  "cert-manager.io/v1 Issuer",
  "cert-manager.io/v1 Certificate",
  "trust.cert-manager.io/v1alpha1 Bundle",
  "elbv2.k8s.aws/v1beta1 IngressClassParams",
  "snapshot.storage.k8s.io/v1 VolumeSnapshotClass",
]);

/** Validates through `test/support/schema.ts`; kinds without a shared CRD must say so, and carry name and spec. */
export function expectSchemaValid(obj: unknown): void {
  const o = obj as { apiVersion: string; kind: string; metadata: { name: string } };
  const key = `${o.apiVersion} ${o.kind}`;
  const r = validateObject(obj);
  if (KINDS_WITHOUT_SHARED_CRD.has(key)) {
    const why = r.errors.filter((e) => !e.startsWith("no schema"));
    expect(why, `${key} ${o.metadata.name}`).toEqual([]);
    expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    return;
  }
  expect(r.errors, `${key} ${o.metadata.name} (${r.schema ?? "?"})`).toEqual([]);
}
