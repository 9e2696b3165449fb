/** `aiplat plan`: capacity and cost plan of a workload mix, or (`--simulate`) the online placement simulation. */
import { hasErrors } from "../../spec/index.js";
import { UsageError } from "../errors.js";
import { printFindings } from "../print-findings.js";
import { platformOrExit } from "../read-platform.js";
import type { RegisterCommand } from "./index.js";

interface PlanOptions {
  file?: string;
  format: string;
  html?: string;
  spotDiscount?: string;
  simulate?: boolean;
  trace?: string;
  policy?: string;
  seeds: string;
}

const FORMATS = ["text", "json"] as const;

export const registerPlan: RegisterCommand = (program) => {
  program
    .command("plan")
    .description(
      "plan capacity and cost: nodes per pool at peak, best MIG layout and time-slicing replicas, spot vs on-demand, saving vs dedicated GPUs",
    )
    .argument("[inputs...]", "workload files or folders (their .yaml files)")
    .option("-f, --file <platform.yaml>", "the spec (default: ./platform.yaml if present, else the built-in default)")
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "text")
    .option("--html <report.html>", "also write a self-contained HTML report (GPU map and cost chart)")
    .option("--spot-discount <fraction>", "assumed spot discount off on-demand, 0..1 (default 0.6)")
    .option("--simulate", "run the online placement simulation on a trace instead (needs --trace)")
    .option(
      "--trace <dir>",
      "Alibaba GPU-sharing trace directory (openb_node_list_gpu_node.csv, openb_pod_list_default.csv)",
    )
    .option("--policy <names>", "simulation policies, comma-separated (default: all)")
    .option("--seeds <n>", "simulation seeds from 42", "1")
    .addHelpText(
      "after",
      `
Workloads are placed as \`aiplat render\` places them and sized at peak (autoscaling maximum, workers x parallel
trials, parallel shards). Each pool is packed in GPU units, GPU memory, CPU and memory; MIG layouts are chosen by an
exact integer program; a lower bound is printed beside every result. Progress goes to stderr.

Exit codes: 0 planned (unplaced workloads are listed, not an error), 1 a workload file has errors, 2 unreadable input.

Examples:
  $ aiplat plan examples/workloads
  $ aiplat plan -f platform.yaml --format json --spot-discount 0.7 workloads/ > plan.json
  $ aiplat plan examples/workloads --html report.html
  $ aiplat plan --simulate --trace ../shared/data/alibaba-gpu-v2023 --policy fgd,ours --seeds 3`,
    )
    .action(async (inputs: string[], opts: PlanOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format))
        throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, found ${opts.format}`);
      if (opts.simulate) return simulateAction(opts);
      if (inputs.length === 0) throw new UsageError("give workload files or folders (or --simulate --trace DIR)");
      const spotDiscount = opts.spotDiscount === undefined ? undefined : Number(opts.spotDiscount);
      if (spotDiscount !== undefined && !(spotDiscount >= 0 && spotDiscount <= 1))
        throw new UsageError(`--spot-discount must be a number from 0 to 1, found ${opts.spotDiscount}`);
      const platform = platformOrExit(opts.file);
      if (platform === undefined) return;
      const { model } = platform;
      const { readInputs } = await import("../input-files.js");
      const { loadWorkloads } = await import("../../workloads/index.js");
      const { demandsFromWorkloads, planCapacity } = await import("../../planner/index.js");
      const findings = [];
      const workloads = [];
      let syntax = false;
      for (const f of readInputs(inputs, false)) {
        const loaded = loadWorkloads(f.text, f.name);
        findings.push(...loaded.findings);
        syntax ||= loaded.findings.some((x) => x.code === "AIP001" || x.code === "AIP006");
        workloads.push(...loaded.workloads.map((l) => l.workload));
      }
      printFindings(findings);
      const progress = (line: string) => process.stderr.write(`${line}\n`);
      progress(`placing ${workloads.length} workload(s) on ${model.name}`);
      const { demands, unplaced } = demandsFromWorkloads(workloads, model);
      const planned = await planCapacity(model, demands, {
        ...(spotDiscount === undefined ? {} : { spotDiscount }),
        onProgress: (done, total, pool) => progress(`planned pool ${pool} (${done}/${total})`),
      });
      const plan = { ...planned, unplaced: [...unplaced, ...planned.unplaced] };
      if (opts.format === "json") process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      else {
        const { formatPlan } = await import("../print-plan.js");
        process.stdout.write(formatPlan(plan, platform.origin, workloads.length));
      }
      if (opts.html !== undefined) {
        const { renderPlanReport } = await import("../../planner/report-html.js");
        const { writeFile, rename } = await import("node:fs/promises");
        // Written beside the target and renamed, so a reader never sees half a report.
        const staging = `${opts.html}.tmp-${process.pid}`;
        await writeFile(staging, renderPlanReport(plan, demands));
        await rename(staging, opts.html);
        progress(`report written to ${opts.html}`);
      }
      process.exitCode = syntax ? 2 : hasErrors(findings) ? 1 : 0;
    });
};

async function simulateAction(opts: PlanOptions): Promise<void> {
  if (opts.trace === undefined) throw new UsageError("--simulate needs --trace DIR (the Alibaba GPU-sharing trace)");
  const { runSimulation, formatSimulation } = await import("../simulate-run.js");
  const results = await runSimulation({
    trace: opts.trace,
    ...(opts.policy === undefined ? {} : { policies: opts.policy.split(",").filter(Boolean) }),
    seeds: Number(opts.seeds),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  if (opts.format === "json") process.stdout.write(`${JSON.stringify(Object.fromEntries(results), null, 2)}\n`);
  else process.stdout.write(formatSimulation(results));
}
