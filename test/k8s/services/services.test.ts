/**
 * The services as a whole: every object and Application schema-valid, every chart pinned, every platform service on
 * the CPU pool (chart values and our Deployments/StatefulSets), component rows and SUMMARY sections.
 */
import { describe, expect, it } from "vitest";
import { CHARTS, KUSTOMIZE_SOURCES } from "../../../src/catalog/index.js";
import { withAllComponents } from "../../../src/k8s/index.js";
import { renderServices, servicesComponents } from "../../../src/k8s/services.js";
import {
  backupSummaryLines,
  componentPool,
  costSummaryLines,
  katibNoteLines,
  servicesComponentLines,
} from "../../../src/k8s/services-summary.js";
import { defaultModel, defaultWithProvisioner, modelOf } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";
import { controlPoolName, nodeSelectors, selectsControlPool, valuesOf } from "./support.js";

const platforms = {
  default: defaultModel(),
  "managed node groups": modelOf(defaultWithProvisioner("managed-node-groups")),
  "everything on": modelOf(
    "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: full }\nspec:\n  observability: { logs: opensearch, logsEndpoint: search-full-logs-abc123.us-west-2.es.amazonaws.com, tracingBackend: otlp, otlpEndpoint: tempo.example.com:4317 }\n  mlops: { featureStore: feast, modelsBucket: full-models }\n  training: { tensorflow: true }\n  backup: { velero: { bucket: full-backups } }\n",
  ),
};

/** Charts whose pods are node agents (DaemonSets everywhere), not platform services. */
const NODE_AGENT_CHARTS = new Set(["aws-for-fluent-bit"]);

describe.each(Object.entries(platforms))("services: %s platform", (_name, model) => {
  const out = renderServices(model);
  const objects = out.manifests.flatMap((c) => c.files.flatMap((f) => f.objects));

  it("every object and every Application validates against its upstream schema", () => {
    for (const o of objects) expectValid(o);
    for (const a of out.charts) expectValid(a.application);
  });

  it("pins every chart to its CHARTS row and every kustomize tree to its tag", () => {
    const pinned = new Map<string, string>(Object.values(CHARTS).map((c) => [c.chart, c.version]));
    const tags = new Set<string>(Object.values(KUSTOMIZE_SOURCES).map((k) => k.tag));
    for (const a of out.charts) {
      const source = (a.application.spec as { source: { chart?: string; targetRevision: string } }).source;
      if (source.chart) expect(source.targetRevision, a.name).toBe(pinned.get(source.chart));
      else expect(tags.has(source.targetRevision), a.name).toBe(true);
      expect(source.targetRevision, a.name).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it("puts every platform service on the CPU pool: chart values and our Deployments and StatefulSets", () => {
    for (const a of out.charts) {
      if (NODE_AGENT_CHARTS.has(a.name)) continue;
      const values = valuesOf(a);
      const kustomize = (a.application.spec as { source: { kustomize?: { patches: { patch: string }[] } } }).source
        .kustomize;
      // JSON patches: `add /spec/template/spec/nodeSelector` carries the selector as its value.
      const patched = (kustomize?.patches ?? [])
        .map((p) => JSON.parse(p.patch) as unknown)
        .flatMap((p) => (Array.isArray(p) ? p : []))
        .filter((op: { path?: string }) => op.path?.endsWith("/nodeSelector"))
        .map((op: { value: Record<string, string> }) => ({ path: "kustomize", selector: op.value }));
      const selectors = [...nodeSelectors(values), ...patched];
      expect(selectors.length, `${a.name} sets no nodeSelector`).toBeGreaterThan(0);
      for (const s of selectors) expect(selectsControlPool(model, s.selector), `${a.name} ${s.path}`).toBe(true);
    }
    for (const o of objects.filter((x) => x.kind === "Deployment" || x.kind === "StatefulSet")) {
      const spec = (o.spec as { template: { spec: { nodeSelector?: Record<string, string>; affinity?: unknown } } })
        .template.spec;
      expect(spec.nodeSelector && selectsControlPool(model, spec.nodeSelector), o.metadata.name).toBe(true);
    }
  });

  it("lists each service once with its namespace, version and pool", () => {
    const rows = servicesComponents(model);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.version).toMatch(/^v?\d+\.\d+\.\d+/);
      expect(componentPool(model, r.name)).toMatch(
        NODE_AGENT_CHARTS.has(r.name) ? /every node/ : new RegExp(controlPoolName(model)),
      );
    }
    const all = withAllComponents(model).components.map((c) => c.name);
    for (const name of ["keda", "velero", "trainer", "kube-prometheus-stack", "mlflow"]) expect(all).toContain(name);
  });

  it("renders the SUMMARY sections", () => {
    const table = servicesComponentLines(model).join("\n");
    expect(table).toContain("| component | version | namespace | pool | sync wave | why |");
    expect(table).toMatch(/\| kube-prometheus-stack \| 88\.2\.0 \| monitoring \| cpu \| 15 \|/);
    const dr = backupSummaryLines(model).join("\n");
    expect(dr).toContain("EKS runs and backs up etcd");
    for (const c of Object.keys(model.backup.rpo)) expect(dr).toContain(`| ${c} |`);
    const cost = costSummaryLines(model).join("\n");
    for (const p of model.pools) expect(cost).toContain(p.pricePerHourUSD.toFixed(3));
    expect(katibNoteLines(model).join("")).toMatch(/deprecation/);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(renderServices(model))).toBe(JSON.stringify(out));
  });
});
