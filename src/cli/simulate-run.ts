/** `aiplat plan --simulate`: the online placement simulation on a trace, as a table of policies over seeds. */
import { POLICY_NAMES, policyByName, type SimulationResult, simulateTrace } from "../planner/simulate/index.js";
import { UsageError } from "./errors.js";
import { readTrace } from "./read-trace.js";

/** Options of {@link runSimulation}. */
export interface SimulationRunOptions {
  readonly trace: string;
  /** @default every policy */
  readonly policies?: readonly string[];
  /** @default 1 */
  readonly seeds?: number;
  /** @default 42 (the paper's first seed) */
  readonly firstSeed?: number;
  /** Progress line per run (stderr). */
  readonly onProgress?: (line: string) => void;
}

/** Runs every policy on every seed of the paper's protocol and returns the results by policy. */
export async function runSimulation(options: SimulationRunOptions): Promise<Map<string, SimulationResult[]>> {
  const policies = options.policies ?? POLICY_NAMES;
  for (const p of policies) {
    try {
      policyByName(p);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const seeds = options.seeds ?? 1;
  if (!Number.isInteger(seeds) || seeds < 1) throw new UsageError(`--seeds must be a positive integer, found ${seeds}`);
  let trace: Awaited<ReturnType<typeof readTrace>>;
  try {
    trace = await readTrace(options.trace);
  } catch (err) {
    throw new UsageError(`cannot read the trace in ${options.trace}: ${(err as Error).message}`);
  }
  const results = new Map<string, SimulationResult[]>(policies.map((p) => [p, []]));
  const first = options.firstSeed ?? 42;
  for (let s = first; s < first + seeds; s++)
    for (const policy of policies) {
      const r = simulateTrace(trace, { policy: policy as (typeof POLICY_NAMES)[number], seed: s });
      results.get(policy)!.push(r);
      options.onProgress?.(
        `seed ${s} ${policy}: unallocated GPUs at 130% ${r.checkpoints[1]!.unallocatedGpus.toFixed(1)} (${(r.elapsedMs / 1000).toFixed(1)} s)`,
      );
    }
  return results;
}

/** The results as a Markdown table: allocation ratio and unallocated GPUs at 100% and 130%, mean ± sd. */
export function formatSimulation(results: ReadonlyMap<string, readonly SimulationResult[]>): string {
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = (xs: number[]) => {
    if (xs.length < 2) return 0;
    const m = mean(xs);
    return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
  };
  const pm = (xs: number[], d: number) => `${mean(xs).toFixed(d)} ± ${sd(xs).toFixed(d)}`;
  const lines = [
    "| policy | alloc @100% | alloc @130% | unallocated GPUs @100% | unallocated GPUs @130% | s per seed |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const [policy, rs] of results) {
    if (rs.length === 0) continue;
    const at = (i: number, f: (c: SimulationResult["checkpoints"][number]) => number) =>
      rs.map((r) => f(r.checkpoints[i]!));
    lines.push(
      `| ${policy} | ${pm(
        at(0, (c) => c.allocationRatio * 100),
        2,
      )}% | ${pm(
        at(1, (c) => c.allocationRatio * 100),
        2,
      )}% | ${pm(
        at(0, (c) => c.unallocatedGpus),
        1,
      )} | ${pm(
        at(1, (c) => c.unallocatedGpus),
        1,
      )} | ${pm(
        rs.map((r) => r.elapsedMs / 1000),
        2,
      )} |`,
    );
  }
  const first = [...results.values()].find((rs) => rs.length > 0)?.[0];
  const head = first
    ? `${first.capacityGpus} GPUs, pods padded to 130% of capacity, ${[...results.values()][0]!.length} seed(s); mean ± sd\n\n`
    : "";
  return `${head}${lines.join("\n")}\n`;
}
