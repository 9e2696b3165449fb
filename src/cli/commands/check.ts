/** `aiplat check`: lints any Kubernetes manifests against the platform's policy rules (the admission webhook's engine). */
import { UsageError } from "../errors.js";
import { platformOrExit } from "../read-platform.js";
import type { RegisterCommand } from "./index.js";

const FORMATS = ["text", "json", "sarif"] as const;

/** Registers `aiplat check`. */
export const registerCheck: RegisterCommand = (program) => {
  program
    .command("check")
    .description("check Kubernetes manifests (files, folders or - for stdin) against the platform's policy rules")
    .argument("<inputs...>", "manifest files, folders (searched recursively for .yaml/.yml/.json) or - for stdin")
    .option("-f, --file <platform.yaml>", "the spec (default: ./platform.yaml if present, else the built-in default)")
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "text")
    .addHelpText(
      "after",
      `
Every pod template is checked: Pods, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, TrainJobs,
PyTorchJobs, TFJobs and Katib Experiments. Each finding names its rule, object, JSON path, line and a fix;
--format json adds the JSON Patch that fixes it where the fix is mechanical.

Exit codes: 0 no errors (warnings may be printed), 1 errors found, 2 unreadable input or invalid platform.

Examples:
  $ aiplat check examples/                     # every manifest under examples/
  $ helm template my-chart | aiplat check -    # a chart's output
  $ aiplat check --format sarif k8s/ > policy.sarif`,
    )
    .action(async (inputs: string[], opts: { file?: string; format: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format))
        throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, found ${opts.format}`);
      const platform = platformOrExit(opts.file);
      if (platform === undefined) return;
      const { model } = platform;
      const { checkPaths } = await import("../check-parallel.js");
      const { reportCheck } = await import("../check-report.js");
      const result = reportCheck(await checkPaths(inputs, model), opts.format as (typeof FORMATS)[number]);
      process.stdout.write(result.output);
      process.exitCode = result.exitCode;
    });
};
