/** `aiplat explain`: where a workload runs and why, pool by pool. */
import { hasErrors } from "../../spec/index.js";
import { printFindings } from "../print-findings.js";
import { platformOrExit } from "../read-platform.js";
import type { RegisterCommand } from "./index.js";

/** Registers `aiplat explain`. */
export const registerExplain: RegisterCommand = (program) => {
  program
    .command("explain")
    .description(
      "explain a workload's placement: every pool considered, why it was chosen or refused, and the decision",
    )
    .argument("<workload>", "a workload file (may hold several workloads)")
    .option("-f, --file <platform.yaml>", "the spec (default: ./platform.yaml if present, else the built-in default)")
    .addHelpText(
      "after",
      `
Exit codes: 0 every workload placed, 1 a workload cannot be placed or has errors, 2 unreadable input.

Example:
  $ aiplat explain examples/workloads/vllm-mig-keda.yaml`,
    )
    .action(async (input: string, opts: { file?: string }) => {
      const platform = platformOrExit(opts.file);
      if (platform === undefined) return;
      const { model } = platform;
      const { readInputs } = await import("../input-files.js");
      const { placeFiles } = await import("../render-files.js");
      const { placed, findings, syntax } = placeFiles(readInputs([input], false), model);
      const out: string[] = [];
      for (const { loaded, result } of placed) {
        const w = loaded.workload;
        const type = result.placement?.workloadType ?? "";
        out.push(
          `${w.kind} ${result.placement?.namespace ?? w.metadata.namespace ?? ""}/${w.metadata.name}${type ? ` (${type})` : ""}`,
        );
        out.push("  pools considered:");
        for (const v of result.considered)
          out.push(
            `    ${v.fits ? (v.pool === result.placement?.pool ? "chosen " : "fits   ") : "refused"} ${v.pool}: ${v.reasons.join("; ")}`,
          );
        if (result.placement) {
          out.push("  decision:");
          for (const line of result.placement.explanation) out.push(`    ${line}`);
        } else out.push("  decision: no pool can run it");
        out.push("");
      }
      process.stdout.write(out.join("\n"));
      printFindings(findings);
      process.exitCode = syntax ? 2 : hasErrors(findings) ? 1 : 0;
    });
};
