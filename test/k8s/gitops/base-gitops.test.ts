import { describe, expect, it } from "vitest";
import { CHARTS } from "../../../src/catalog/index.js";
import { renderBase } from "../../../src/k8s/base.js";
import { rootApplicationName, waveOf } from "../../../src/k8s/gitops/root.js";
import { COMPONENT_PRUNE, syncWave } from "../../../src/k8s/gitops/sync-waves.js";
import type { GitopsApplication } from "../../../src/k8s/types.js";
import { defaultModel, expectSchemaValid } from "../base/fixtures.js";

const model = defaultModel();
const apps = renderBase(model).applications;
const app = (name: string) => apps.find((a) => a.name === name)!;
interface AppSpec {
  source: { chart?: string; targetRevision: string; repoURL: string; path?: string };
  destination: { name?: string };
  syncPolicy: { automated: { prune: boolean; selfHeal: boolean }; syncOptions: string[] };
}
const spec = (a: GitopsApplication) => a.application.spec as AppSpec;

describe("base gitops", () => {
  it("every Application validates against Argo CD's CRD", () => {
    for (const a of apps) expectSchemaValid(a.application);
  });

  it("orders CRDs and operators before what uses them", () => {
    const runsBefore = (a: string, b: string) => expect(waveOf(app(a)), `${a} < ${b}`).toBeLessThan(waveOf(app(b)));
    runsBefore("tenancy", "linkerd-crds");
    runsBefore("linkerd-crds", "linkerd-control-plane");
    runsBefore("linkerd-crds", "mesh");
    runsBefore("cert-manager", "trust-manager");
    runsBefore("cert-manager", "mesh");
    runsBefore("trust-manager", "mesh");
    runsBefore("mesh", "linkerd-control-plane");
    runsBefore("linkerd2-cni", "linkerd-control-plane");
    runsBefore("cert-manager", "aws-load-balancer-controller");
    runsBefore("aws-load-balancer-controller", "ingress");
    runsBefore("external-secrets", "secrets");
    runsBefore("tenancy", "secrets");
    // The other components' Applications slot in after the operators they need.
    expect(syncWave("node-pools")).toBeGreaterThan(syncWave("karpenter"));
    expect(syncWave("gpu-sharing")).toBeGreaterThan(syncWave("gpu-operator"));
  });

  it("lists Applications root first, then by wave", () => {
    expect(apps[0]!.name).toBe(rootApplicationName(model));
    const waves = apps.slice(1).map(waveOf);
    expect(waves).toEqual([...waves].sort((a, b) => a - b));
  });

  it("pins every chart exactly, to the CHARTS row of the same name", () => {
    const pinned = new Map<string, string>(Object.values(CHARTS).map((c) => [c.chart, c.version]));
    const charts = apps.filter((a) => spec(a).source.chart !== undefined);
    expect(charts.length).toBeGreaterThan(5);
    for (const a of charts) {
      const v = spec(a).source.targetRevision;
      expect(v, a.name).toBe(pinned.get(spec(a).source.chart!));
      expect(v, a.name).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(v).not.toMatch(/[*^~xX]|latest|HEAD|>|</);
    }
  });

  it("serves our manifests from the user's repository, path/k8s/<component>", () => {
    const { repoURL, path, targetRevision } = model.gitops.argocd;
    expect(spec(app("tenancy")).source).toEqual({ repoURL, targetRevision, path: `${path}/k8s/tenancy` });
    expect(spec(app(rootApplicationName(model))).source).toMatchObject({ repoURL, path: `${path}/gitops` });
  });

  it("syncs automatically with server-side apply, self-heal everywhere, and no prune where it would destroy data", () => {
    for (const a of apps) {
      const sync = spec(a).syncPolicy;
      expect(sync.syncOptions, a.name).toContain("ServerSideApply=true");
      expect(sync.automated.selfHeal, a.name).toBe(true);
      expect(spec(a).destination.name, a.name).toBe("in-cluster");
    }
    for (const name of Object.keys(COMPONENT_PRUNE)) expect(spec(app(name)).syncPolicy.automated.prune).toBe(false);
    for (const crdChart of ["linkerd-crds", "cert-manager", "trust-manager", "external-secrets"])
      expect(spec(app(crdChart)).syncPolicy.automated.prune, crdChart).toBe(false);
    expect(spec(app("network-policy")).syncPolicy.automated.prune).toBe(true);
    expect(spec(app("linkerd-control-plane")).syncPolicy.automated.prune).toBe(true);
  });
});
