/**
 * Rendered workloads refer to objects other components create: PriorityClasses, StorageClasses, namespaces. Each
 * reference must name something the platform's own output defines (two tables once named the classes differently).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderKubernetes } from "../../src/k8s/index.js";
import { loadWorkloads, place, render } from "../../src/workloads/index.js";
import { defaultModel } from "../support/platforms.js";

const EXAMPLES = new URL("../../examples/workloads/", import.meta.url).pathname;
const model = defaultModel();
const platformObjects = renderKubernetes(model).manifests.flatMap((c) => c.files.flatMap((f) => f.objects));
const names = (kind: string) => new Set(platformObjects.filter((o) => o.kind === kind).map((o) => o.metadata.name));

const rendered = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => {
    const loaded = loadWorkloads(readFileSync(`${EXAMPLES}${f}`, "utf8"), f);
    return loaded.workloads.flatMap(({ workload }) => {
      const r = place(workload, model);
      return r.placement ? render(workload, r.placement, model) : [];
    });
  });

/** Every value of `key` anywhere inside `value`. */
function collect(value: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const v of value) collect(v, key, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

describe("examples refer only to what the platform creates", () => {
  it("renders the examples", () => {
    expect(rendered.length).toBeGreaterThan(20);
  });

  it("every priorityClassName is a PriorityClass of the tenancy component", () => {
    const used = new Set(collect(rendered, "priorityClassName"));
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) expect(names("PriorityClass"), String(name)).toContain(name);
  });

  it("every namespace is one the tenancy component creates", () => {
    const created = names("Namespace");
    for (const o of rendered)
      if (o.metadata.namespace) expect(created, `${o.kind}/${o.metadata.name}`).toContain(o.metadata.namespace);
  });

  it("every storageClassName is a StorageClass of the platform (efs once the file system id is known)", () => {
    const classes = names("StorageClass");
    for (const name of new Set(collect(rendered, "storageClassName"))) {
      if (name === "efs") continue; // rendered only when spec.storage.efs.fileSystemId is set (after the first deploy)
      expect(classes, String(name)).toContain(name);
    }
  });
});
