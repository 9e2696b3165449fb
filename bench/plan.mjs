#!/usr/bin/env node
// Planning benchmark (issue 7): 10,000 workloads over the default platform, end to end as `aiplat plan` runs them:
// YAML text -> loadWorkloads -> place() and peak sizing (demandsFromWorkloads) -> planCapacity -> HTML report.
// The workloads are the examples in examples/workloads, copied with new names and varied sizes (seeded, so every run
// plans the same mix), one workload per file as in examples/workloads. Runs against build/.
// Usage: node bench/plan.mjs [--workloads 10000] [--per-file 1]
// The target (issue 7: under 5 s) is on planning: placement, peak sizing and the plan. Loading the YAML is the
// workloads layer's parser (one pass over a file however many documents it holds) and is printed on its own line.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, stringify } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "build", "planner", "index.js");
if (!existsSync(entry)) {
  process.stderr.write(`missing ${entry}: run "npm run build" first\n`);
  process.exit(2);
}
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const total = opt("--workloads", 10_000);
const perFile = opt("--per-file", 1);

const t0 = performance.now();
const planner = await import(entry);
const { loadWorkloads } = await import(join(root, "build", "workloads", "index.js"));
const { DEFAULT_PLATFORM_YAML, loadPlatform } = await import(join(root, "build", "model", "index.js"));
const { renderPlanReport } = await import(join(root, "build", "planner", "report-html.js"));
const tImport = performance.now();

// Templates: every workload of the examples (the default platform's pools), as plain objects.
const dir = join(root, "examples", "workloads");
const templates = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS()))
  .filter((w) => w?.kind);

let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

function variant(template, i) {
  const w = structuredClone(template);
  w.metadata.name = `${template.metadata.name}-${i}`.slice(0, 63);
  const spec = w.spec;
  spec.resources = {
    ...(spec.resources ?? {}),
    cpu: pick(["1", "2", "4", "8"]),
    memory: pick(["4Gi", "8Gi", "16Gi", "32Gi"]),
  };
  if (spec.gpu?.memoryGiB !== undefined) spec.gpu = { memoryGiB: pick([4, 8, 10, 20]) };
  if (spec.autoscaling)
    spec.autoscaling.maxReplicas = Math.max(spec.autoscaling.minReplicas ?? 1, 1 + Math.floor(rand() * 6));
  if (spec.parallelism !== undefined) spec.parallelism = 1 + Math.floor(rand() * 4);
  return w;
}

const files = [];
for (let f = 0; f * perFile < total; f++) {
  const docs = [];
  for (let k = f * perFile; k < Math.min(total, (f + 1) * perFile); k++)
    docs.push(stringify(variant(templates[k % templates.length], k)));
  files.push({ name: `workloads-${f}.yaml`, text: docs.join("---\n") });
}
const tGenerate = performance.now();

// The measured part: what `aiplat plan` does after reading the files.
const start = performance.now();
const model = loadPlatform(DEFAULT_PLATFORM_YAML).model;
const workloads = [];
let findings = 0;
for (const f of files) {
  const loaded = loadWorkloads(f.text, f.name);
  findings += loaded.findings.length;
  for (const l of loaded.workloads) workloads.push(l.workload);
}
const tLoad = performance.now();
const { demands, unplaced } = planner.demandsFromWorkloads(workloads, model);
const tPlace = performance.now();
const plan = await planner.planCapacity(model, demands);
const tPlan = performance.now();
const html = renderPlanReport({ ...plan, unplaced: [...unplaced, ...plan.unplaced] }, demands);
const end = performance.now();

const ms = (a, b) => `${((b - a) / 1000).toFixed(2)} s`;
const pods = demands.reduce((n, d) => n + d.replicas, 0);
const lines = [
  `Planning benchmark: ${workloads.length} workloads (${templates.length} example templates, ${files.length} files), ${pods} pods at peak, default platform`,
  "",
  "| step | time |",
  "| --- | --- |",
  `| load YAML (${files.length} files, ${findings} findings) | ${ms(start, tLoad)} |`,
  `| place and size at peak | ${ms(tLoad, tPlace)} |`,
  `| plan (packing, MIG integer program, replica choice) | ${ms(tPlace, tPlan)} |`,
  `| HTML report (${(html.length / 1024).toFixed(0)} KiB) | ${ms(tPlan, end)} |`,
  `| **planning: place + plan** (target < 5 s) | **${ms(tLoad, tPlan)}** |`,
  `| end to end: load + place + plan + report | ${ms(start, end)} |`,
  "",
  "| pool | workloads | pods | nodes | lower bound | recommended sharing | expected $/month |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  ...plan.pools.map(
    (p) =>
      `| ${p.pool} | ${p.workloads} | ${p.pods} | ${p.nodes} | ${p.lowerBoundNodes} | ${p.recommended.sharing} | ${p.cost.expectedMonthly.toFixed(0)} |`,
  ),
  "",
  `unplaced: ${unplaced.length + plan.unplaced.length}; dedicated baseline $${plan.dedicated.expectedMonthly.toFixed(0)}/month vs $${plan.total.expectedMonthly.toFixed(0)}/month shared (saving ${(plan.saving.fraction * 100).toFixed(1)}%)`,
  `(not measured: module import ${ms(t0, tImport)}, generating the YAML ${ms(tImport, tGenerate)})`,
];
process.stdout.write(`${lines.join("\n")}\n`);
