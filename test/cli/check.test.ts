import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidFixtures, MANIFESTS, validFixtures } from "../policy/fixtures.js";

const BIN = new URL("../../bin/aiplat.js", import.meta.url).pathname;
let dir: string;

/** Runs the built CLI (`npm test` builds first). */
function aiplat(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    ...(input === undefined ? {} : { input }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aiplat-check-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("aiplat check", () => {
  it("valid manifests: exit 0, no finding", () => {
    const r = aiplat(["check", `${MANIFESTS}valid`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/object\(s\) checked: 0 error\(s\), 0 warning\(s\)/);
  });

  it.each(invalidFixtures())("$file: the engine's one finding, located", ({ path, code, findingPath }) => {
    const r = aiplat(["check", path, "--format", "json"]);
    const out = JSON.parse(r.stdout) as { findings: { code: string; path: string; line?: number; severity: string }[] };
    expect(out.findings.map((f) => `${f.code} ${f.path}`)).toEqual([`${code} ${findingPath}`]);
    expect(out.findings[0]!.line).toBeGreaterThan(2);
    expect(r.code).toBe(out.findings[0]!.severity === "error" ? 1 : 0);
  });

  it("text output: file:line:col, rule, object, path, message and fix", () => {
    const r = aiplat(["check", `${MANIFESTS}invalid/wrong-toleration.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /wrong-toleration\.yaml:\d+:\d+ error AIP202 Deployment applied-ml\/llama-3-8b: spec\.template\.spec\.tolerations: pool a100-mig: .*no toleration for gpu=mig:NoSchedule/,
    );
    expect(r.stdout).toContain("fix: tolerate exactly gpu=mig:NoSchedule");
  });

  it("json output carries the JSON Patch", () => {
    const r = aiplat(["check", "--format", "json", `${MANIFESTS}invalid/wrong-toleration.yaml`]);
    const f = JSON.parse(r.stdout).findings[0];
    expect(f.patch).toEqual([
      {
        op: "replace",
        path: "/spec/template/spec/tolerations",
        value: [{ key: "gpu", operator: "Equal", value: "mig", effect: "NoSchedule" }],
      },
    ]);
  });

  it("sarif output", () => {
    const r = aiplat(["check", "--format", "sarif", `${MANIFESTS}invalid`]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results).toHaveLength(invalidFixtures().length);
    expect(log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain("AIP206");
    expect(log.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it("warnings only: exit 0", () => {
    const r = aiplat(["check", `${MANIFESTS}invalid/image-latest.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning AIP240");
  });

  it("reads stdin", () => {
    const r = aiplat(["check", "-"], readFileSync(validFixtures()[0]!, "utf8"));
    expect(r.code).toBe(0);
  });

  it("unreadable input: exit 2", () => {
    expect(aiplat(["check", join(dir, "missing.yaml")]).code).toBe(2);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "apiVersion: v1\nkind: Pod\nmetadata: { name: [\n");
    const r = aiplat(["check", bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/bad\.yaml:\d+:\d+ error AIP001/);
    expect(aiplat(["check", "--format", "xml", bad]).code).toBe(2);
  });
});

describe("aiplat render and explain", () => {
  const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

  it("renders every example and the gateway's routes; the output passes aiplat check", () => {
    const r = aiplat(["render", `${EXAMPLES}workloads`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const checked = aiplat(["check", "-"], r.stdout);
    expect(checked.code).toBe(0);
    // 33 objects of the examples plus the LLM gateway's routes ConfigMap.
    expect(r.stdout).toContain("name: llm-gateway-routes");
    expect(checked.stdout).toMatch(/^34 object\(s\) checked: 0 error\(s\), 0 warning\(s\)/m);
  });

  it("writes files with -o", () => {
    const out = join(dir, "out");
    expect(aiplat(["render", `${EXAMPLES}workloads/vllm-mig-keda.yaml`, "-o", out]).code).toBe(0);
    expect(readFileSync(join(out, "applied-ml", "inferenceservice-llama-3-8b.yaml"), "utf8")).toContain(
      "kind: ScaledObject",
    );
  });

  it("refuses TensorFlow on the default platform with AIP113, renders it with training.tensorflow", () => {
    const refused = aiplat(["render", `${EXAMPLES}workloads/tensorflow`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/tf-training\.yaml:\d+:\d+ error AIP113 spec\.framework/);
    const ok = aiplat(["render", "-f", `${EXAMPLES}platform-tensorflow.yaml`, `${EXAMPLES}workloads/tensorflow`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("kind: TFJob");
  });

  it("explains a placement pool by pool", () => {
    const r = aiplat(["explain", `${EXAMPLES}workloads/vllm-mig-keda.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/refused a100-timeslice: .*production inference needs MIG or whole GPUs/);
    expect(r.stdout).toMatch(/chosen {2}a100-mig: admits production-inference; 1 x nvidia\.com\/mig-3g\.40gb/);
    expect(r.stdout).toContain("priority class eks-ai-platform-production-inference");
  });
});
