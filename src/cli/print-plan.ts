/** Text form of a capacity plan (`aiplat plan`): one block per pool, then the unplaced, then the saving. */
import { type CapacityPlan, HOURS_PER_MONTH } from "../planner/index.js";

const usd = (n: number): string =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (f: number): string => `${(f * 100).toFixed(1)}%`;

/** Formats the plan for a terminal. `origin` says where the platform spec came from. */
export function formatPlan(plan: CapacityPlan, origin: string, workloads: number): string {
  const out: string[] = [];
  out.push(
    `Capacity plan for ${plan.platform} (${origin}): ${workloads} workload(s); spot assumed ${pct(plan.spotDiscount)} off on-demand; ${HOURS_PER_MONTH} h/month`,
  );
  for (const p of plan.pools) {
    const expectedPerNode = p.nodes > 0 ? p.cost.expectedHourly / p.nodes : 0;
    out.push("");
    out.push(`pool ${p.pool} (${p.instanceType}${p.gpusPerNode > 0 ? `, ${p.gpusPerNode} GPUs/node` : ""})`);
    out.push(`  workloads / pods at peak  ${p.workloads} / ${p.pods}`);
    out.push(`  nodes at peak             ${p.nodes} (lower bound ${p.lowerBoundNodes})`);
    if (p.gpusPerNode > 0) {
      const gpus = p.gpusPerNode * p.nodes;
      // Rounded once, so used + free adds up to the GPUs shown.
      const used = Math.round(p.utilisation.gpu * gpus * 10) / 10;
      out.push(`  GPUs                      ${gpus}: ${fmt(used)} used, ${fmt(gpus - used)} free`);
      for (const u of p.units)
        out.push(`  units ${u.resource.padEnd(26)} ${u.perNode}/node: ${u.used} used, ${u.free} free`);
    }
    out.push(
      `  utilisation               GPU ${pct(p.utilisation.gpu)}, CPU ${pct(p.utilisation.cpu)}, memory ${pct(p.utilisation.memory)}`,
    );
    if (p.gpusPerNode > 0) {
      out.push(
        `  sharing                   spec: ${p.spec.sharing} -> ${p.spec.nodes === null ? "cannot serve this mix" : `${p.spec.nodes} node(s)`}`,
      );
      out.push(`                            recommended: ${p.recommended.sharing} -> ${p.nodes} node(s)`);
    }
    out.push(
      `  cost on-demand            ${usd(p.cost.onDemandHourly)}/h, ${usd(p.cost.onDemandHourly * HOURS_PER_MONTH)}/month`,
    );
    out.push(
      `  cost spot                 ${p.cost.spotHourly === null ? "no spot capacity in this pool" : `${usd(p.cost.spotHourly)}/h, ${usd(p.cost.spotHourly * HOURS_PER_MONTH)}/month`}`,
    );
    out.push(
      `  expected                  ${usd(p.cost.expectedMonthly)}/month (at the lower bound: ${usd(expectedPerNode * p.lowerBoundNodes * HOURS_PER_MONTH)})`,
    );
  }
  const lowerNodes = plan.pools.reduce((n, p) => n + p.lowerBoundNodes, 0);
  out.push("");
  out.push(
    `total: ${plan.total.nodes} node(s) (lower bound ${lowerNodes}), ${usd(plan.total.expectedHourly)}/h, ${usd(plan.total.expectedMonthly)}/month expected (${usd(plan.total.onDemandHourly * HOURS_PER_MONTH)}/month all on-demand)`,
  );
  out.push("");
  if (plan.unplaced.length === 0) out.push("unplaced: none");
  else {
    out.push(`unplaced: ${plan.unplaced.length} workload(s)`);
    for (const u of plan.unplaced) out.push(`  ${u.name}: ${u.reason}`);
  }
  out.push("");
  const dedicated = Object.entries(plan.dedicated.nodesByPool)
    .map(([pool, n]) => `${pool} ${n}`)
    .join(", ");
  out.push(`dedicated whole GPUs (no sharing): ${dedicated} node(s), ${usd(plan.dedicated.expectedMonthly)}/month`);
  out.push(
    `saving from sharing: ${usd(plan.saving.hourly)}/h, ${usd(plan.saving.monthly)}/month (${pct(plan.saving.fraction)})`,
  );
  return `${out.join("\n")}\n`;
}

function fmt(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}
