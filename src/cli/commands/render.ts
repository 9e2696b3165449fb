/** `aiplat render`: workload files -> Kubernetes objects placed on the platform's pools, checked by the policy engine. */
import { printFindings } from "../print-findings.js";
import { platformOrExit } from "../read-platform.js";
import type { RegisterCommand } from "./index.js";

/** Registers `aiplat render`. */
export const registerRender: RegisterCommand = (program) => {
  program
    .command("render")
    .description("render workloads (TrainingJob, InferenceService, BatchInference, Agent) to Kubernetes objects")
    .argument("<inputs...>", "workload files or folders (their .yaml files)")
    .option("-f, --file <platform.yaml>", "the spec (default: ./platform.yaml if present, else the built-in default)")
    .option("-o, --out <dir>", "write <dir>/<namespace>/<kind>-<name>.yaml instead of printing to stdout")
    .addHelpText(
      "after",
      `
Each workload is placed (aiplat explain says why there) and rendered; every rendered object must pass the
policy engine (aiplat check) or nothing is written.

Exit codes: 0 rendered, 1 a workload cannot be placed or a rendered object breaks a rule, 2 unreadable input.

Examples:
  $ aiplat render examples/workloads/vllm-mig-keda.yaml
  $ aiplat render examples/workloads -o out/
  $ aiplat render -f examples/platform-tensorflow.yaml examples/workloads/tensorflow`,
    )
    .action(async (inputs: string[], opts: { file?: string; out?: string }) => {
      const platform = platformOrExit(opts.file);
      if (platform === undefined) return;
      const { model } = platform;
      const { readInputs } = await import("../input-files.js");
      const { renderFiles } = await import("../render-files.js");
      const result = renderFiles(readInputs(inputs, false), model);
      printFindings(result.findings);
      if (result.exitCode !== 0) {
        process.stderr.write("nothing rendered\n");
        process.exitCode = result.exitCode;
        return;
      }
      const { toYaml } = await import("../../emit/serialize.js");
      if (opts.out === undefined) {
        process.stdout.write(toYaml(result.rendered.flatMap((r) => r.objects)));
        return;
      }
      const { writeFiles } = await import("../../emit/atomic.js");
      const files: Record<string, string> = {};
      for (const r of result.rendered)
        files[`${r.namespace}/${r.kind.toLowerCase()}-${r.name}.yaml`] = toYaml(r.objects);
      await writeFiles(opts.out, files);
      process.stderr.write(`${result.rendered.length} workload(s) written to ${opts.out}/\n`);
    });
};
