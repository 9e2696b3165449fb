/**
 * The capacity plan as one self-contained HTML page (`aiplat plan --html`): inline CSS and SVG only, no script, no
 * external font or image, so it opens offline and can be attached to a ticket. It shows the totals and the saving
 * against dedicated whole GPUs, a table per pool, a cost breakdown chart and a map of every node's GPUs split into
 * their slices with the workload in each. Pure and deterministic: the same plan gives the same bytes.
 */
import type { Demand } from "./demand.js";
import { type PoolMap, poolMap } from "./gpu-map.js";
import { type CapacityPlan, HOURS_PER_MONTH } from "./plan.js";

/** Options of {@link renderPlanReport}. */
export interface PlanReportOptions {
  /**
   * Nodes drawn per pool in the GPU map (the rest are counted, not drawn: a 10,000-workload plan stays readable).
   * @default 200
   */
  readonly maxNodesPerPool?: number;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const usd = (n: number): string =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (f: number): string => `${(f * 100).toFixed(1)}%`;

/** A stable colour per workload name (FNV-1a hash to a hue), so a workload keeps its colour across nodes. */
function colourOf(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `hsl(${h % 360} 62% 58%)`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d5d9e0;padding:4px 8px;text-align:right}
th{background:#f2f4f7}td.l,th.l{text-align:left}.muted{color:#677083}.kpi{display:inline-block;margin:8px 24px 8px 0}
.kpi b{display:block;font-size:20px}.node{display:inline-block;margin:4px;vertical-align:top}
.node svg{display:block}.legend span{display:inline-block;margin:2px 10px 2px 0}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
`;

/** Renders the plan report. `demands` are the ones planned (to name the workload in each slice). */
export function renderPlanReport(
  plan: CapacityPlan,
  demands: readonly Demand[],
  options: PlanReportOptions = {},
): string {
  const maxNodes = options.maxNodesPerPool ?? 200;
  const byPool = new Map<string, Demand[]>();
  for (const d of demands) byPool.set(d.pool, [...(byPool.get(d.pool) ?? []), d]);
  const maps = plan.pools.map((p) => poolMap(p, byPool.get(p.pool) ?? [], maxNodes));
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>Capacity plan: ${esc(plan.platform)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>Capacity plan: ${esc(plan.platform)}</h1>`,
    `<p class="muted">Nodes at peak per pool with the recommended GPU sharing; spot priced at ${pct(plan.spotDiscount)} off on-demand (an assumption, not a quote); ${HOURS_PER_MONTH} hours a month.</p>`,
    summary(plan),
    poolTable(plan),
    costChart(plan),
    gpuMap(maps),
    unplaced(plan),
    "</body></html>",
    "",
  ].join("\n");
}

function summary(plan: CapacityPlan): string {
  const kpi = (id: string, label: string, value: string) =>
    `<div class="kpi" id="${id}"><span class="muted">${label}</span><b>${value}</b></div>`;
  return [
    '<section id="summary">',
    kpi("total-nodes", "nodes at peak", String(plan.total.nodes)),
    kpi("total-monthly", "monthly cost (shared)", usd(plan.total.expectedMonthly)),
    kpi("dedicated-monthly", "monthly cost (dedicated whole GPUs)", usd(plan.dedicated.expectedMonthly)),
    kpi("saving-monthly", "saving per month", `${usd(plan.saving.monthly)} (${pct(plan.saving.fraction)})`),
    "</section>",
  ].join("\n");
}

function poolTable(plan: CapacityPlan): string {
  const rows = plan.pools.map((p) => {
    const units = p.units.map((u) => `${esc(u.resource)}: ${u.used} used / ${u.free} free`).join("<br>") || "-";
    return `<tr data-pool="${esc(p.pool)}"><td class="l">${esc(p.pool)}</td><td class="l">${esc(p.instanceType)}</td><td>${p.workloads}</td><td>${p.pods}</td><td class="nodes">${p.nodes}</td><td class="lower-bound">${p.lowerBoundNodes}</td><td>${p.gpusPerNode * p.nodes}</td><td class="l">${units}</td><td>${pct(p.utilisation.gpu)} / ${pct(p.utilisation.cpu)} / ${pct(p.utilisation.memory)}</td><td class="l">${esc(p.spec.sharing)} (${p.spec.nodes ?? "cannot serve"} nodes)</td><td class="l">${esc(p.recommended.sharing)}</td><td>${usd(p.cost.onDemandHourly)}</td><td>${p.cost.spotHourly === null ? "-" : usd(p.cost.spotHourly)}</td><td class="monthly">${usd(p.cost.expectedMonthly)}</td></tr>`;
  });
  return [
    "<h2>Pools</h2>",
    '<table id="pools"><thead><tr><th class="l">pool</th><th class="l">instance</th><th>workloads</th><th>pods</th><th>nodes</th><th>lower bound</th><th>GPUs</th><th class="l">units</th><th>utilisation GPU / CPU / memory</th><th class="l">spec sharing</th><th class="l">recommended</th><th>on-demand $/h</th><th>spot $/h</th><th>expected $/month</th></tr></thead><tbody>',
    ...rows,
    "</tbody></table>",
  ].join("\n");
}

/** Horizontal bars: per pool, the plan's expected monthly cost beside the dedicated baseline's. */
function costChart(plan: CapacityPlan): string {
  const pools = plan.pools.map((p) => {
    const dedicatedNodes = plan.dedicated.nodesByPool[p.pool] ?? 0;
    const ratio = p.nodes > 0 ? p.cost.expectedMonthly / p.nodes : p.pricePerHourUSD * HOURS_PER_MONTH;
    return { pool: p.pool, shared: p.cost.expectedMonthly, dedicated: dedicatedNodes * ratio };
  });
  const max = Math.max(1, ...pools.flatMap((p) => [p.shared, p.dedicated]));
  const labelW = 150;
  const barW = 460;
  const rowH = 44;
  const height = pools.length * rowH + 30;
  const bars = pools.map((p, i) => {
    const y = i * rowH + 8;
    const w1 = (p.shared / max) * barW;
    const w2 = (p.dedicated / max) * barW;
    return [
      `<g class="cost-bar" data-pool="${esc(p.pool)}" data-shared-monthly="${p.shared.toFixed(2)}" data-dedicated-monthly="${p.dedicated.toFixed(2)}">`,
      `<text x="0" y="${y + 16}" font-size="12">${esc(p.pool)}</text>`,
      `<rect x="${labelW}" y="${y}" width="${w1.toFixed(1)}" height="16" fill="#3b7dd8"><title>${esc(p.pool)} shared ${usd(p.shared)}/month</title></rect>`,
      `<text x="${(labelW + w1 + 4).toFixed(1)}" y="${y + 13}" font-size="11" class="shared-label">${usd(p.shared)}</text>`,
      `<rect x="${labelW}" y="${y + 18}" width="${w2.toFixed(1)}" height="16" fill="#c9ced8"><title>${esc(p.pool)} dedicated ${usd(p.dedicated)}/month</title></rect>`,
      `<text x="${(labelW + w2 + 4).toFixed(1)}" y="${y + 31}" font-size="11" class="dedicated-label">${usd(p.dedicated)}</text>`,
      "</g>",
    ].join("");
  });
  return [
    "<h2>Cost per month: shared vs dedicated whole GPUs</h2>",
    '<div class="legend"><span><i style="background:#3b7dd8"></i>this plan</span><span><i style="background:#c9ced8"></i>dedicated whole GPUs (no sharing)</span></div>',
    `<svg id="cost-chart" xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 110}" height="${height}" role="img" aria-label="cost per pool">`,
    ...bars,
    "</svg>",
  ].join("\n");
}

function gpuMap(maps: readonly PoolMap[]): string {
  const out = [
    '<h2>GPU map</h2><p class="muted">Each box is a node; each column a GPU split into its slices (time-slice replicas or MIG slices); a coloured slice runs the workload named in its tooltip, a grey one is free.</p>',
    '<div id="gpu-map">',
  ];
  for (const m of maps) {
    out.push(`<section class="pool-map" data-pool="${esc(m.pool)}"><h3>${esc(m.pool)}</h3>`);
    if (m.nodes.length === 0) out.push('<p class="muted">no nodes</p>');
    for (const n of m.nodes) out.push(nodeSvg(m.pool, n));
    const names = [
      ...new Set(m.nodes.flatMap((n) => n.gpus.flatMap((g) => g.flatMap((s) => s.workload ?? [])))),
    ].sort();
    if (names.length > 0)
      out.push(
        `<div class="legend">${names.map((w) => `<span><i style="background:${colourOf(w)}"></i>${esc(w)}</span>`).join("")}</div>`,
      );
    if (m.moreNodes > 0) out.push(`<p class="muted more-nodes">and ${m.moreNodes} more node(s) like these</p>`);
    out.push("</section>");
  }
  out.push("</div>");
  return out.join("\n");
}

function nodeSvg(pool: string, node: PoolMap["nodes"][number]): string {
  const colW = 22;
  const colH = 84;
  const pad = 4;
  const gpus = node.gpus.length;
  const width = Math.max(1, gpus) * (colW + pad) + pad;
  const label = `node ${node.index}${node.cpuPods.length > 0 ? `, ${node.cpuPods.length} CPU pod(s)` : ""}`;
  const title = node.cpuPods.length > 0 ? `<title>${esc(node.cpuPods.join(", "))}</title>` : "";
  if (gpus === 0)
    return `<div class="node cpu-node" data-node="${node.index}"><svg xmlns="http://www.w3.org/2000/svg" width="150" height="40">${title}<rect x="1" y="1" width="148" height="24" fill="#f2f4f7" stroke="#d5d9e0"/><text x="6" y="17" font-size="11">${esc(label)}</text></svg></div>`;
  const parts: string[] = [];
  node.gpus.forEach((slices, g) => {
    let y = pad;
    const x = pad + g * (colW + pad);
    parts.push(`<g class="gpu" data-gpu="${g}">`);
    for (const s of slices) {
      const h = s.share * colH;
      const fill = s.workload === undefined ? "#e6e9ee" : colourOf(s.workload);
      const tip = `${pool} node ${node.index} GPU ${g} ${s.unit}: ${s.workload ?? "free"}`;
      parts.push(
        `<rect class="slice${s.workload === undefined ? " free" : " used"}" data-unit="${esc(s.unit)}"${s.workload === undefined ? "" : ` data-workload="${esc(s.workload)}"`} x="${x}" y="${y.toFixed(1)}" width="${colW}" height="${Math.max(1, h - 1).toFixed(1)}" fill="${fill}" stroke="#fff"><title>${esc(tip)}</title></rect>`,
      );
      y += h;
    }
    parts.push("</g>");
  });
  return `<div class="node" data-node="${node.index}"><svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(width, 90)}" height="${colH + 2 * pad + 14}">${title}${parts.join("")}<text x="${pad}" y="${colH + 2 * pad + 10}" font-size="10" fill="#677083">${esc(label)}</text></svg></div>`;
}

function unplaced(plan: CapacityPlan): string {
  if (plan.unplaced.length === 0) return '<h2>Unplaced workloads</h2><p id="unplaced">none</p>';
  return [
    "<h2>Unplaced workloads</h2>",
    '<table id="unplaced"><thead><tr><th class="l">workload</th><th class="l">reason</th></tr></thead><tbody>',
    ...plan.unplaced.map((u) => `<tr><td class="l">${esc(u.name)}</td><td class="l">${esc(u.reason)}</td></tr>`),
    "</tbody></table>",
  ].join("\n");
}
