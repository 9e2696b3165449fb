import { describe, expect, it } from "vitest";
import { loadWorkloads } from "../../src/workloads/index.js";

const TWO = `apiVersion: eks-ai-platform/v1alpha1
kind: Agent
metadata: { name: a, namespace: research }
spec: { framework: crewai, image: "x:1", models: [{ name: m, gatewayModel: g }] }
---
apiVersion: eks-ai-platform/v1alpha1
kind: InferenceService
metadata: { name: s }
spec:
  server: sglang
  colour: blue
  model: { source: "ftp://nope" }
`;

describe("loadWorkloads", () => {
  it("reads every document and locates findings with the whole file's lines", () => {
    const r = loadWorkloads(TWO, "w.yaml");
    expect(r.workloads.map((w) => w.workload.kind)).toEqual(["Agent"]);
    const at = r.findings.map((f) => `${f.code} ${f.path} ${f.line}:${f.column}`);
    expect(at).toContain("AIP102 spec.colour 11:3");
    expect(at).toContain("AIP104 spec.server 10:11");
    expect(
      at.some((x) => x.startsWith("AIP103 spec.model.source 12:20") || x.startsWith("AIP104 spec.model.source 12:20")),
    ).toBe(true);
    for (const f of r.findings) expect(f.file).toBe("w.yaml");
  });

  it("applies documented defaults", () => {
    const w = loadWorkloads(TWO.split("---")[0]!, "a.yaml").workloads[0]!.workload;
    expect(w.kind === "Agent" && w.spec).toMatchObject({
      critical: false,
      port: 8080,
      resources: { cpu: "1", memory: "2Gi" },
    });
  });

  it.each([
    ["AIP101 kind", "apiVersion: eks-ai-platform/v1alpha1\nkind: Notebook\nmetadata: { name: n }\n"],
    ["AIP101 apiVersion", "apiVersion: v1\nkind: Agent\nmetadata: { name: n }\n"],
    ["AIP001 ", "a: [\n"],
    [
      "AIP104 spec.gpu",
      "apiVersion: eks-ai-platform/v1alpha1\nkind: TrainingJob\nmetadata: { name: n }\nspec: { image: x, gpu: { count: 1, memoryGiB: 4 } }\n",
    ],
    ["AIP105 spec.image", "apiVersion: eks-ai-platform/v1alpha1\nkind: TrainingJob\nmetadata: { name: n }\nspec: {}\n"],
    ["AIP106 metadata.name", `${TWO.split("---")[0]}---\n${TWO.split("---")[0]}`],
  ])("%s", (expected, text) => {
    const r = loadWorkloads(text, "x.yaml");
    expect(r.findings.map((f) => `${f.code} ${f.path}`)).toContain(expected);
  });
});
