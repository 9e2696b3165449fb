import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/aiplat.js");
const EXAMPLES = join(ROOT, "examples/workloads");
let dir: string;

/** Runs the built CLI (`npm test` builds first). */
function aiplat(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TOO_BIG = `apiVersion: eks-ai-platform/v1alpha1
kind: TrainingJob
metadata: { name: too-big, namespace: research }
spec:
  image: example.com/train:1.0
  gpu: { memoryGiB: 200 }
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aiplat-plan-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("aiplat plan", () => {
  it("prints every pool with nodes, lower bound, units, sharing, cost and the saving (text)", () => {
    const r = aiplat("plan", EXAMPLES);
    expect(r.code).toBe(0);
    for (const pool of ["cpu", "a100-timeslice", "a100-mig", "h100-timeslice"])
      expect(r.stdout).toContain(`pool ${pool} (`);
    expect(r.stdout).toMatch(/nodes at peak\s+\d+ \(lower bound \d+\)/);
    expect(r.stdout).toMatch(/units nvidia\.com\/mig-3g\.40gb\s+\d+\/node: \d+ used, \d+ free/);
    expect(r.stdout).toMatch(/spec: time-slicing x4 -> \d+ node\(s\)/);
    expect(r.stdout).toMatch(/recommended: .*3g\.40gb/);
    expect(r.stdout).toMatch(/cost spot\s+\$[\d,.]+\/h/);
    expect(r.stdout).toContain("dedicated whole GPUs (no sharing)");
    expect(r.stdout).toMatch(/saving from sharing: \$[\d,.]+\/h, \$[\d,.]+\/month \(\d+\.\d%\)/);
    expect(r.stderr).toContain("planned pool h100-timeslice (4/4)");
  });

  it("--format json gives the same plan as data, and the text agrees with it", () => {
    const j = aiplat("plan", "--format", "json", EXAMPLES);
    expect(j.code).toBe(0);
    const plan = JSON.parse(j.stdout);
    expect(plan.platform).toBe("ml-platform");
    expect(plan.pools.map((p: { pool: string }) => p.pool)).toEqual([
      "cpu",
      "a100-timeslice",
      "a100-mig",
      "h100-timeslice",
    ]);
    for (const p of plan.pools) {
      expect(p.nodes).toBeGreaterThanOrEqual(p.lowerBoundNodes);
      expect(p.cost.expectedMonthly).toBeGreaterThanOrEqual(0);
    }
    expect(plan.total.nodes).toBe(plan.pools.reduce((n: number, p: { nodes: number }) => n + p.nodes, 0));
    expect(plan.saving.monthly).toBeCloseTo(plan.dedicated.expectedMonthly - plan.total.expectedMonthly, 6);
    const text = aiplat("plan", EXAMPLES).stdout;
    expect(text).toContain(`total: ${plan.total.nodes} node(s)`);
    const monthly = plan.total.expectedMonthly.toLocaleString("en-US", {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    expect(text).toContain(`$${monthly}/month expected`);
  });

  it("--spot-discount changes spot prices; a workload no pool fits is listed with placement's reason", () => {
    writeFileSync(join(dir, "too-big.yaml"), TOO_BIG);
    const a = JSON.parse(aiplat("plan", "--format", "json", "--spot-discount", "0.5", EXAMPLES, "too-big.yaml").stdout);
    const ts = a.pools.find((p: { pool: string }) => p.pool === "a100-timeslice");
    expect(ts.cost.spotHourly).toBeCloseTo(ts.cost.onDemandHourly * 0.5, 6);
    expect(a.unplaced).toContainEqual({ name: "research/too-big", reason: expect.stringContaining("no pool can run") });
    const text = aiplat("plan", "too-big.yaml");
    expect(text.stdout).toContain("unplaced: 1 workload(s)");
    expect(text.stdout).toMatch(/research\/too-big: no pool can run TrainingJob too-big/);
    expect(aiplat("plan", "--spot-discount", "2", EXAMPLES).code).toBe(2);
  });

  it("--html writes one self-contained page", () => {
    const r = aiplat("plan", "--html", "report.html", EXAMPLES);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|@import|url\(/);
    expect(html).toContain('id="gpu-map"');
    expect(html).toContain('id="cost-chart"');
  });

  it("bad usage exits 2: no inputs, unreadable input, --simulate without --trace", () => {
    expect(aiplat("plan").code).toBe(2);
    expect(aiplat("plan", "nope.yaml").code).toBe(2);
    expect(aiplat("plan", "--simulate").code).toBe(2);
  });

  it("--simulate runs the online simulation on a trace and prints the table", () => {
    const trace = join(ROOT, "test/fixtures/trace");
    const r = aiplat("plan", "--simulate", "--trace", trace, "--policy", "best-fit,ours", "--seeds", "2");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("| policy | alloc @100% |");
    expect(r.stdout).toMatch(/\| best-fit \| [\d.]+ ± [\d.]+% /);
    expect(r.stdout).toMatch(/\| ours \| /);
  });
});
