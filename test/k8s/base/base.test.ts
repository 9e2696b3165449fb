import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { CHARTS, KUSTOMIZE_SOURCES } from "../../../src/catalog/index.js";
import { kubernetesFiles } from "../../../src/cli/synthesize.js";
import { renderBase } from "../../../src/k8s/base.js";
import { baseComponents } from "../../../src/k8s/base-components.js";
import { defaultModel, expectSchemaValid, modelWith } from "./fixtures.js";

const variants = {
  default: defaultModel(),
  "with EFS, internet-facing": modelWith(
    "  storage:\n    efs:\n      fileSystemId: fs-0123456789abcdef0\n  networking:\n    ingressScheme: internet-facing\n",
  ),
  "no mesh, no ingress, no policies": modelWith(
    "  networking:\n    mesh: none\n    ingress: none\n  security:\n    networkPolicy: none\n",
  ),
};

describe.each(Object.entries(variants))("base output, %s", (_, model) => {
  const files = kubernetesFiles(renderBase(model));

  it("parses every written file and validates every object in it", () => {
    let objects = 0;
    for (const [path, text] of Object.entries(files)) {
      for (const doc of parseAllDocuments(text)) {
        expect(doc.errors, path).toEqual([]);
        const obj = doc.toJS() as { kind?: string } | null;
        if (obj === null) continue;
        objects++;
        if (obj.kind === "Kustomization") continue;
        expectSchemaValid(obj);
      }
    }
    expect(objects).toBeGreaterThan(10);
  });

  it("is deterministic and uses no YAML anchors", () => {
    expect(kubernetesFiles(renderBase(model))).toEqual(files);
    for (const [path, text] of Object.entries(files)) expect(text, path).not.toMatch(/[&*]id\d+/);
  });

  it("has an Application for every component folder it writes", () => {
    const folders = new Set(
      Object.keys(files)
        .filter((p) => p.startsWith("k8s/") && p.split("/").length === 3)
        .map((p) => p.split("/")[1]),
    );
    for (const f of folders) expect(files[`gitops/${f}.yaml`], f).toBeDefined();
  });
});

describe("baseComponents", () => {
  it("lists every chart and upstream kustomize tree the base installs, with its pinned version", () => {
    const model = defaultModel();
    const rows = baseComponents(model);
    const apps = renderBase(model).applications.filter((a) => {
      const source = (a.application.spec as { source: { chart?: string; repoURL: string } }).source;
      return source.chart !== undefined || source.repoURL.startsWith("https://github.com/kubernetes-csi/");
    });
    expect(rows.map((r) => r.name).sort()).toEqual(apps.map((a) => a.name).sort());
    for (const r of rows) {
      const pinned =
        r.name in CHARTS
          ? CHARTS[r.name as keyof typeof CHARTS].version
          : KUSTOMIZE_SOURCES[r.name as keyof typeof KUSTOMIZE_SOURCES].tag;
      expect(r.version).toBe(pinned);
    }
  });
});
