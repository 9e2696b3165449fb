#!/usr/bin/env node
// Fragmentation benchmark (issue 7): the FGD paper's protocol (USENIX ATC'23, "Beware of Fragmentation") on the
// Alibaba GPU-sharing trace. Runs against the compiled build/ output (npm run build).
// Usage: node bench/fragmentation.mjs [--trace DIR] [--seeds N] [--policies a,b] [--first-seed 42]
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "build", "planner", "simulate", "index.js");
if (!existsSync(entry)) {
  process.stderr.write(`missing ${entry}: run "npm run build" first\n`);
  process.exit(2);
}
const sim = await import(entry);
// Reading files is the CLI's job (layering): the trace reader lives in cli/, the parsers in planner/simulate.
const { readTrace } = await import(join(root, "build", "cli", "read-trace.js"));

function parseArgs(argv) {
  const out = {
    trace: resolve(root, "..", "shared", "data", "alibaba-gpu-v2023"),
    seeds: 10,
    firstSeed: 42,
    policies: [...sim.POLICY_NAMES],
    podList: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === "--trace") out.trace = resolve(v());
    else if (a === "--seeds") out.seeds = Number(v());
    else if (a === "--first-seed") out.firstSeed = Number(v());
    else if (a === "--policies") out.policies = v().split(",").filter(Boolean);
    else if (a === "--pod-list") out.podList = v();
    else if (a === "--help" || a === "-h") {
      process.stdout.write(
        "node bench/fragmentation.mjs [--trace DIR] [--seeds N] [--first-seed 42] [--policies a,b] [--pod-list FILE]\n",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.seeds) || out.seeds < 1) throw new Error("--seeds must be a positive integer");
  for (const p of out.policies) sim.policyByName(p);
  return out;
}

// Published means over 10 seeds (FGD paper / simulator's expected_results/analysis_allo_discrete.csv).
const PUBLISHED = {
  random: { a100: 86.3, a130: 87.47, u130: 778 },
  "dot-product": { a100: 90.62, a130: 90.85, u130: 568 },
  "gpu-packing": { a100: 91.78, a130: 92.0, u130: 497 },
  "best-fit": { a100: 92.86, a130: 93.08, u130: 430 },
  fgd: { a100: 95.23, a130: 95.39, u130: 286 },
};

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
const pm = (xs, digits) => `${mean(xs).toFixed(digits)} ± ${sd(xs).toFixed(digits)}`;

const args = parseArgs(process.argv.slice(2));
const trace = await readTrace(args.trace, args.podList ? { podList: args.podList } : {});
const capacity = sim.gpuCapacityMilli(trace.nodes) / 1000;
process.stderr.write(`trace ${args.trace}: ${trace.nodes.length} nodes, ${capacity} GPUs, ${trace.pods.length} pods\n`);

const results = new Map(args.policies.map((p) => [p, []]));
for (let s = 0; s < args.seeds; s++) {
  const seed = args.firstSeed + s;
  const pods = sim.padWorkload(trace.pods, trace.nodes, { seed, ratio: 1.3 });
  for (const policy of args.policies) {
    const r = sim.simulate({ nodes: trace.nodes, pods, policy, seed, checkpoints: [1.0, 1.3], targetPods: trace.pods });
    results.get(policy).push(r);
    const [c100, c130] = r.checkpoints;
    process.stderr.write(
      `seed ${seed} ${policy.padEnd(11)} pods ${r.decisions} alloc@100 ${(c100.allocationRatio * 100).toFixed(2)}% ` +
        `alloc@130 ${(c130.allocationRatio * 100).toFixed(2)}% unalloc@130 ${c130.unallocatedGpus.toFixed(1)} ` +
        `${(r.elapsedMs / 1000).toFixed(1)} s (${r.usPerDecision.toFixed(0)} us/decision)\n`,
    );
  }
}

const lines = [];
lines.push(
  `Fragmentation benchmark: ${trace.nodes.length} GPU nodes, ${capacity} GPUs, ${trace.pods.length} pods padded to 130% of GPU capacity, ${args.seeds} seed(s) from ${args.firstSeed}; mean ± sd`,
);
lines.push("");
lines.push(
  "| policy | alloc @100% | alloc @130% | unallocated GPUs @100% | unallocated GPUs @130% | s per seed | µs per decision | published alloc @100% / @130% / unalloc @130% |",
);
lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const [policy, rs] of results) {
  const a100 = rs.map((r) => r.checkpoints[0].allocationRatio * 100);
  const a130 = rs.map((r) => r.checkpoints[1].allocationRatio * 100);
  const u100 = rs.map((r) => r.checkpoints[0].unallocatedGpus);
  const u130 = rs.map((r) => r.checkpoints[1].unallocatedGpus);
  const secs = rs.map((r) => r.elapsedMs / 1000);
  const us = rs.map((r) => r.usPerDecision);
  const pub = PUBLISHED[policy];
  const pubText = pub
    ? `${pub.a100.toFixed(2)}% / ${pub.a130.toFixed(2)}% / ${pub.u130}`
    : "— (target ≤ 250 unallocated)";
  lines.push(
    `| ${policy} | ${pm(a100, 2)}% | ${pm(a130, 2)}% | ${pm(u100, 1)} | ${pm(u130, 1)} | ${pm(secs, 2)} | ${pm(us, 0)} | ${pubText} |`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
