/** The short summary `aiplat synth` prints to the terminal (SUMMARY.md holds the long one). */
import pc from "picocolors";
import { sharingLabel, usd } from "../emit/summary.js";
import { formatTaint, type NodeCapacity, type PlatformModel } from "../model/index.js";
import type { SynthResult } from "./synthesize.js";

/** Renders the terminal summary of a synthesis. */
export function terminalSummary(model: PlatformModel, result: SynthResult, origin: string, seconds: number): string {
  const rows = model.pools.map((p) => [
    p.name,
    p.instanceTypes.join(","),
    p.gpu ? `${p.capacity[0]!.gpus}x ${p.gpu.displayName}` : "-",
    sharingLabel(p),
    compactUnits(p.capacity[0]!),
    p.taints.map(formatTaint).join(",") || "-",
    p.provisioner,
    usd(p.pricePerHourUSD),
  ]);
  const lines = [
    `${pc.bold(model.name)}: EKS ${model.cluster.kubernetesVersion}, ${model.aws.region}, ${model.aws.availabilityZones.length} AZs (spec: ${origin})`,
    "",
    ...align([
      ["pool", "instances", "GPUs/node", "sharing", "schedulable units/node", "taints", "provisioner", "$/h/node"],
      ...rows,
    ]),
    "",
  ];
  if (result.aws) {
    const total = Object.values(result.aws.resourceCounts).reduce((a, b) => a + b, 0);
    const nag = result.aws.nag;
    const nagText = `cdk-nag AwsSolutions: ${nag.errors} errors, ${nag.warnings} warnings, ${nag.suppressed} suppressed with reasons`;
    lines.push(`AWS: ${total} CloudFormation resources; ${nag.errors === 0 ? pc.green(nagText) : pc.red(nagText)}`);
  } else {
    lines.push("AWS: skipped (--skip-aws)");
  }
  lines.push(`Teams: ${model.teams.map((t) => `${t.name} (${t.namespaces.join(",")})`).join("; ")}`);
  lines.push(`Components: ${model.components.map((c) => `${c.name} ${c.version}`).join("; ") || "none"}`);
  lines.push(
    "",
    `Wrote ${result.dir}/ (${result.files.length + (result.aws ? 1 : 0)} entries) in ${seconds.toFixed(2)} s; see ${result.dir}/SUMMARY.md`,
  );
  return `${lines.join("\n")}\n`;
}

/** `32x gpu (10 GiB)` / `8x 3g.40gb, 16x 1g.10gb`: the units of a node, short enough for a terminal. */
function compactUnits(capacity: NodeCapacity): string {
  if (capacity.units.length === 0) return "-";
  return capacity.units
    .map((u) => {
      const name = u.resource.replace(/^nvidia\.com\/(mig-)?/, "");
      return name === "gpu" ? `${u.count}x gpu (${Math.round(u.gpuMemoryMiB / 1024)} GiB)` : `${u.count}x ${name}`;
    })
    .join(", ");
}

function align(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r, ri) => {
    const line = r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
    return ri === 0 ? pc.dim(line) : line;
  });
}
