#!/usr/bin/env node
// AWS synthesis benchmark (issue 2 item 9): wall time of a fresh `node` process that imports the compiled model and
// aws layers and synthesizes the default platform's cloud assembly (cdk-nag included), median over N runs.
// Runs against build/ (npm run build). Usage: node bench/aws-synth.mjs [--runs 5]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const awsEntry = join(root, "build", "aws", "index.js");
const modelEntry = join(root, "build", "model", "index.js");

if (process.argv[2] === "--child") {
  // One synthesis, timed from inside: import and synth phases.
  const t0 = performance.now();
  const { loadPlatform, DEFAULT_PLATFORM_YAML } = await import(pathToFileURL(modelEntry).href);
  const { synthesizeAws } = await import(pathToFileURL(awsEntry).href);
  const t1 = performance.now();
  const { model } = loadPlatform(DEFAULT_PLATFORM_YAML);
  const result = synthesizeAws(model, process.argv[3]);
  const t2 = performance.now();
  process.stdout.write(
    `${JSON.stringify({ importMs: t1 - t0, synthMs: t2 - t1, nag: result.nag, resources: Object.values(result.resourceCounts).reduce((a, b) => a + b, 0) })}\n`,
  );
  process.exit(0);
}

if (!existsSync(awsEntry)) {
  process.stderr.write(`missing ${awsEntry}: run "npm run build" first\n`);
  process.exit(2);
}
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const walls = [];
const inner = [];
for (let i = 0; i < runs; i++) {
  const out = mkdtempSync(join(tmpdir(), "aiplat-aws-bench-"));
  const started = performance.now();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", out], { encoding: "utf8" });
  walls.push(performance.now() - started);
  rmSync(out, { recursive: true, force: true });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    process.exit(1);
  }
  inner.push(JSON.parse(child.stdout.trim().split("\n").pop()));
}
const last = inner[inner.length - 1];
process.stdout.write(
  `aws synth of the default platform, ${runs} runs (fresh node process each, end to end):\n` +
    `  wall median ${(median(walls) / 1000).toFixed(3)} s  (min ${(Math.min(...walls) / 1000).toFixed(3)}, max ${(Math.max(...walls) / 1000).toFixed(3)})\n` +
    `  import median ${(median(inner.map((r) => r.importMs)) / 1000).toFixed(3)} s, synth median ${(median(inner.map((r) => r.synthMs)) / 1000).toFixed(3)} s\n` +
    `  ${last.resources} resources; cdk-nag AwsSolutions: ${last.nag.errors} errors, ${last.nag.warnings} warnings, ${last.nag.suppressed} suppressed\n`,
);
