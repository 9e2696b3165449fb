// Benchmark: median wall time of `aiplat synth` of the default platform, end to end from process start, over 5 runs
// (after one warm-up run). Also times the run without the AWS part, to show what the CDK synthesis costs.
// Usage: npm run bench  (builds nothing: run `npm run build` first; `npm install` and `npm test` do).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.RUNS ?? 5);
const bin = new URL("../bin/aiplat.js", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "aiplat-bench-"));

function timeRun(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, "synth", "-o", out, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`aiplat synth ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function dirBytes(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

try {
  const results = [];
  for (const [label, args] of [
    ["full synth (AWS + manifests)", []],
    ["without AWS (--skip-aws)", ["--skip-aws"]],
  ]) {
    timeRun(args); // warm-up: file system cache
    const times = Array.from({ length: RUNS }, () => timeRun(args));
    results.push({ label, times });
  }
  timeRun([]);
  const assembly = dirBytes(join(out, "ml-platform", "aws"));
  console.log(
    `aiplat synth, default platform, ${RUNS} runs each, end to end from process start (node ${process.version})`,
  );
  for (const { label, times } of results) {
    console.log(
      `  ${label.padEnd(30)} median ${(median(times) / 1000).toFixed(3)} s   runs: ${times.map((t) => (t / 1000).toFixed(3)).join(", ")}`,
    );
  }
  const aws = median(results[0].times) - median(results[1].times);
  console.log(`  AWS part (difference of medians)   ${(aws / 1000).toFixed(3)} s`);
  console.log(`  cloud assembly size                ${(assembly / 1024).toFixed(0)} KiB`);
  console.log(`  target: full synth median <= 1.500 s -> ${median(results[0].times) <= 1500 ? "met" : "NOT met"}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
