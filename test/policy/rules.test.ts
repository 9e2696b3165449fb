import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_PLATFORM_YAML, loadPlatform } from "../../src/model/index.js";
import { check, type JsonPatchOp, parseManifests, RULES } from "../../src/policy/index.js";
import { invalidFixtures, validFixtures } from "./fixtures.js";

const model = loadPlatform(DEFAULT_PLATFORM_YAML).model!;
const objectsOf = (path: string) => parseManifests(readFileSync(path, "utf8"), path).objects.map((o) => o.object);

/** Applies RFC 6902 add/replace/remove (enough for the patches rules emit). */
function applyPatch(obj: unknown, ops: readonly JsonPatchOp[]): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  for (const op of ops) {
    const segs = op.path
      .slice(1)
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = segs.pop()!;
    let parent: Record<string, unknown> = copy;
    for (const s of segs) parent = parent[s] as Record<string, unknown>;
    if (op.op === "remove") delete parent[last];
    else parent[last] = op.value;
  }
  return copy;
}

describe("policy rules", () => {
  it("rule IDs are unique and stable in form", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^AIP2\d\d$/);
  });

  it.each(validFixtures())("valid fixture %s has no finding", (path) => {
    expect(check(objectsOf(path), model)).toEqual([]);
  });

  it.each(invalidFixtures())("$file: exactly one $code at $findingPath", ({ path, code, findingPath }) => {
    const findings = check(objectsOf(path), model);
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual([`${code} ${findingPath}`]);
    const f = findings[0]!;
    expect(f.object.name).not.toBe("");
    expect(f.fix.length).toBeGreaterThan(0);
    expect(f.message.length).toBeGreaterThan(0);
  });

  it.each(
    invalidFixtures().filter(
      (f) => !["AIP203", "AIP206", "AIP205", "AIP212", "AIP221", "AIP230", "AIP240", "AIP200"].includes(f.code),
    ),
  )("$file: its JSON Patch fixes it", ({ path, code }) => {
    const [obj] = objectsOf(path);
    const [f] = check([obj], model);
    expect(f?.patch, `${code} should carry a patch`).toBeDefined();
    const fixed = applyPatch(obj, f!.patch!);
    expect(check([fixed], model).filter((x) => x.code === code)).toEqual([]);
  });

  it("production inference on time-slicing names the pools that would do", () => {
    const [f] = check(objectsOf(invalidFixtures().find((x) => x.code === "AIP206")!.path), model);
    expect(f!.allowed).toEqual(["a100-mig"]);
  });

  it("a wrong MIG profile lists the profiles the pool offers", () => {
    const [f] = check(objectsOf(invalidFixtures().find((x) => x.file === "wrong-mig-profile.yaml")!.path), model);
    expect(f!.allowed).toEqual(["nvidia.com/mig-3g.40gb", "nvidia.com/mig-2g.20gb", "nvidia.com/mig-1g.10gb"]);
  });

  it("finds pod templates in every workload kind", () => {
    const container = { name: "c", image: "x:1", resources: { limits: { "nvidia.com/gpu": "1" } } };
    const spec = { containers: [container] };
    const objs = [
      { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec },
      { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "s" }, spec: { template: { spec } } },
      { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "d" }, spec: { template: { spec } } },
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "c" },
        spec: { jobTemplate: { spec: { template: { spec } } } },
      },
      {
        apiVersion: "kubeflow.org/v1",
        kind: "PyTorchJob",
        metadata: { name: "pt" },
        spec: { pytorchReplicaSpecs: { Master: { template: { spec } }, Worker: { template: { spec } } } },
      },
      {
        apiVersion: "kubeflow.org/v1",
        kind: "TFJob",
        metadata: { name: "tf" },
        spec: { tfReplicaSpecs: { Worker: { template: { spec } } } },
      },
      {
        apiVersion: "trainer.kubeflow.org/v1alpha1",
        kind: "TrainJob",
        metadata: { name: "tj" },
        spec: { trainer: { image: "x:1", resourcesPerNode: container.resources } },
      },
      {
        apiVersion: "kubeflow.org/v1beta1",
        kind: "Experiment",
        metadata: { name: "e" },
        spec: { trialTemplate: { trialSpec: { apiVersion: "batch/v1", kind: "Job", spec: { template: { spec } } } } },
      },
    ];
    const missingType = check(objs, model).filter((f) => f.code === "AIP200");
    expect(missingType.map((f) => `${f.object.kind} ${f.path}`)).toEqual([
      "Pod metadata.labels",
      "StatefulSet spec.template.metadata.labels",
      "DaemonSet spec.template.metadata.labels",
      "CronJob spec.jobTemplate.spec.template.metadata.labels",
      "PyTorchJob spec.pytorchReplicaSpecs.Master.template.metadata.labels",
      "PyTorchJob spec.pytorchReplicaSpecs.Worker.template.metadata.labels",
      "TFJob spec.tfReplicaSpecs.Worker.template.metadata.labels",
      "TrainJob spec.runtimePatches[0].trainingRuntimeSpec.template.spec.replicatedJobs[0].template.spec.template.metadata.labels",
      "Experiment spec.trialTemplate.trialSpec.spec.template.metadata.labels",
    ]);
  });

  it("leaves objects outside team namespaces without GPUs alone", () => {
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system" },
      spec: { template: { spec: { containers: [{ name: "c", image: "coredns:1.12" }] } } },
    };
    expect(check([d], model)).toEqual([]);
  });

  it("checks 2,000 objects in well under a second", () => {
    const objs = validFixtures().flatMap(objectsOf);
    const many = Array.from({ length: Math.ceil(2000 / objs.length) }, () => objs).flat();
    const t = performance.now();
    expect(check(many, model)).toEqual([]);
    expect(performance.now() - t).toBeLessThan(1500);
  });
});
