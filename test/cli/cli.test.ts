import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/aiplat.js", import.meta.url).pathname;
let dir: string;

/** Runs the built CLI in `dir`. `npm test` builds first (pretest). */
function aiplat(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function treeHash(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(root.length + 1)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(root);
  return out;
}

const FIVE_MISTAKES = `apiVersion: eks-ai-platform/v1alpha1
kind: Platform
metadata:
  name: Bad_Name
spec:
  colour: blue
  nodePools:
    cpu:
      instanceTypes: [m5.2xlarge]
      workloadTypes: [control]
    mig:
      instanceTypes: [p4d.24xlarge]
      workloadTypes: [production-inference]
      gpuSharing:
        mig: { layout: [3g.40gb] }
    ts:
      instanceTypes: [p5.48xlarge, p9.huge]
      workloadTypes: [training]
      taints: ["gpu=h100:Sometimes"]
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aiplat-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("aiplat CLI", () => {
  it("--help teaches every command", () => {
    const r = aiplat("--help");
    expect(r.code).toBe(0);
    for (const cmd of ["init", "validate", "synth", "schema"]) expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain("Start here");
    const synthHelp = aiplat("synth", "--help");
    expect(synthHelp.code).toBe(0);
    expect(synthHelp.stdout).toContain("Exit codes");
  });

  it("an unknown command or option exits 2", () => {
    expect(aiplat("synthesise").code).toBe(2);
    expect(aiplat("synth", "--fast").code).toBe(2);
  });

  it("init writes a commented platform.yaml, refuses to overwrite it, and validate accepts it", () => {
    expect(aiplat("init").code).toBe(0);
    expect(readFileSync(join(dir, "platform.yaml"), "utf8")).toContain("# eks-ai-platform");
    const again = aiplat("init");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--force");
    expect(aiplat("init", "--force").code).toBe(0);
    const v = aiplat("validate", "-f", "platform.yaml");
    expect(v.code).toBe(0);
    expect(v.stdout).toContain("valid");
  });

  it("a spec with five mistakes prints five located errors, exits 2 and writes nothing", () => {
    writeFileSync(join(dir, "bad.yaml"), FIVE_MISTAKES);
    const r = aiplat("synth", "-f", "bad.yaml", "-o", "bad-out");
    expect(r.code).toBe(2);
    const located = r.stderr.split("\n").filter((l) => /^bad\.yaml:\d+:\d+ error AIP\d{3} /.test(l));
    expect(located.map((l) => l.split(" ")[0])).toEqual([
      "bad.yaml:4:9",
      "bad.yaml:6:3",
      "bad.yaml:15:25",
      "bad.yaml:17:36",
      "bad.yaml:19:16",
    ]);
    expect(r.stderr).toContain("5 error(s)");
    expect(existsSync(join(dir, "bad-out"))).toBe(false);
  });

  it("an unreadable spec file exits 2 with its name", () => {
    const r = aiplat("validate", "-f", "missing.yaml");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing.yaml");
  });

  it("synth writes the whole layout, byte-identical on a second run, and a failing run keeps the previous output", () => {
    const first = aiplat("synth", "-f", "platform.yaml", "-o", "out");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("a100-mig");
    expect(first.stdout).toContain("cdk-nag AwsSolutions: 0 errors");
    const root = join(dir, "out", "ml-platform");
    for (const f of [
      "platform.json",
      "SUMMARY.md",
      "aws/manifest.json",
      "k8s/kustomization.yaml",
      "k8s/node-pools/kustomization.yaml",
      "gitops/gpu-operator.yaml",
    ]) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
    const before = treeHash(root);
    expect(aiplat("synth", "-f", "platform.yaml", "-o", "out").code).toBe(0);
    expect(treeHash(root)).toEqual(before);

    writeFileSync(
      join(dir, "broken.yaml"),
      readFileSync(join(dir, "platform.yaml"), "utf8").replace("p4de.24xlarge", "p4de.huge"),
    );
    expect(aiplat("synth", "-f", "broken.yaml", "-o", "out").code).toBe(2);
    expect(treeHash(root)).toEqual(before);
    expect(readdirSync(join(dir, "out"))).toEqual(["ml-platform"]);
  });

  it("platform.json is the resolved model", () => {
    const model = JSON.parse(readFileSync(join(dir, "out", "ml-platform", "platform.json"), "utf8"));
    expect(model.pools.map((p: { name: string }) => p.name)).toEqual([
      "cpu",
      "a100-timeslice",
      "a100-mig",
      "h100-timeslice",
    ]);
    expect(model.pools[1].capacity[0].resources).toEqual({ "nvidia.com/gpu": 32 });
  });

  it("SUMMARY.md shows pools with their schedulable units, placement notes, nag result and cost", () => {
    const summary = readFileSync(join(dir, "out", "ml-platform", "SUMMARY.md"), "utf8");
    expect(summary).toContain("32 x nvidia.com/gpu (10 GiB)");
    expect(summary).toContain(
      "8 x nvidia.com/mig-3g.40gb (40 GiB), 8 x nvidia.com/mig-2g.20gb (20 GiB), 16 x nvidia.com/mig-1g.10gb (10 GiB)",
    );
    expect(summary).toContain("## How placement works");
    expect(summary).toMatch(/cdk-nag AwsSolutions: 0 unsuppressed errors/);
    expect(summary).toContain("$27.45");
    expect(summary).toContain("AWS::EKS::Cluster");
  });
});
