// Benchmark: `aiplat check` over 10,000 generated objects, end to end from process start.
// The objects are the rendered examples (examples/workloads), copied with varied names and namespaces into a temp
// folder (100 files of 100 objects); the median wall time of 5 runs (after one warm-up) and objects per second.
// Usage: npm run bench:check  (run `npm run build` first; `npm install` and `npm test` do).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.RUNS ?? 5);
const OBJECTS = Number(process.env.OBJECTS ?? 10_000);
const PER_FILE = 100;
const bin = new URL("../bin/aiplat.js", import.meta.url).pathname;
const examples = new URL("../examples/workloads/", import.meta.url).pathname;

const { loadPlatform, DEFAULT_PLATFORM_YAML } = await import("../build/model/index.js");
const { loadWorkloads, place, render } = await import("../build/workloads/index.js");
const { toYaml } = await import("../build/emit/serialize.js");

const { model } = loadPlatform(DEFAULT_PLATFORM_YAML);
const templates = [];
for (const f of readdirSync(examples)
  .filter((n) => n.endsWith(".yaml"))
  .sort()) {
  for (const { workload } of loadWorkloads(readFileSync(join(examples, f), "utf8"), f).workloads) {
    const r = place(workload, model);
    if (r.placement) templates.push(...render(workload, r.placement, model));
  }
}

const dir = mkdtempSync(join(tmpdir(), "aiplat-bench-check-"));
let objects = [];
let file = 0;
for (let i = 0; i < OBJECTS; i++) {
  const t = templates[i % templates.length];
  const copy = structuredClone(t);
  copy.metadata.name = `${t.metadata.name}-${i}`;
  objects.push(copy);
  if (objects.length === PER_FILE || i === OBJECTS - 1) {
    writeFileSync(join(dir, `objects-${String(file++).padStart(4, "0")}.yaml`), toYaml(objects));
    objects = [];
  }
}
const bytes = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);

function timeRun() {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, "check", dir], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`aiplat check exited ${r.status}\n${r.stdout.slice(-2000)}\n${r.stderr}`);
  return { ms, summary: r.stdout.trim().split("\n").at(-1) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

try {
  timeRun();
  const runs = Array.from({ length: RUNS }, timeRun);
  const ms = runs.map((r) => r.ms);
  const m = median(ms);
  console.log(
    `aiplat check: ${OBJECTS} objects in ${file} files (${(bytes / 1e6).toFixed(1)} MB), ${templates.length} templates`,
  );
  console.log(`  ${runs[0].summary}`);
  console.log(`  runs (ms): ${ms.map((x) => x.toFixed(0)).join(", ")}`);
  console.log(
    `  median: ${(m / 1000).toFixed(2)} s, ${Math.round(OBJECTS / (m / 1000))} objects/s (target: median < 2 s)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
