/** `aiplat synth`: the platform spec -> `dist/<name>/` (AWS CloudFormation, manifests, GitOps, platform.json, SUMMARY.md). */
import { renderKubernetes, withAllComponents } from "../../k8s/index.js";
import { logRetentionDocuments } from "../../k8s/observability/index.js";
import { hasErrors } from "../../spec/index.js";
import { printFindings } from "../print-findings.js";
import { terminalSummary } from "../print-summary.js";
import { readPlatform } from "../read-platform.js";
import { synthesizePlatform } from "../synthesize.js";
import type { RegisterCommand } from "./index.js";

export const registerSynth: RegisterCommand = (program) => {
  program
    .command("synth")
    .description(
      "synthesize the platform into <out>/<name>/: AWS CloudFormation (CDK, cdk-nag checked), Kubernetes manifests, Argo CD Applications, platform.json, SUMMARY.md (and logging/ lifecycle policies for an OpenSearch or Elasticsearch log destination)",
    )
    .option(
      "-f, --file <platform.yaml>",
      "the spec (default: ./platform.yaml if present, else the built-in default: the seed's architecture)",
    )
    .option("-o, --out <dir>", "output root; the platform goes to <dir>/<metadata.name>/", "dist")
    .option("--skip-aws", "leave out the AWS cloud assembly (faster; manifests and summary only)", false)
    .addHelpText(
      "after",
      `
Synthesis is offline: no AWS account, credentials, network or cluster. The output folder is replaced only when
everything was written; a failing run leaves the previous output untouched. Two runs on the same input give
byte-identical files.

Exit codes: 0 written, 2 invalid spec (nothing written), 3 internal error.

Examples:
  $ aiplat synth                                   # the default platform into dist/ml-platform/
  $ aiplat synth -f platform.yaml -o out/          # your platform into out/<name>/
  $ aiplat synth --skip-aws && cat dist/ml-platform/SUMMARY.md`,
    )
    .action(async (opts: { file?: string; out: string; skipAws: boolean }) => {
      const started = performance.now();
      const input = readPlatform(opts.file);
      printFindings(input.findings);
      if (hasErrors(input.findings) || input.model === undefined) {
        process.stderr.write("nothing written\n");
        process.exitCode = 2;
        return;
      }
      // aws-cdk-lib is large: load it only when it is used, so other commands start fast.
      const model = withAllComponents(input.model);
      const aws = opts.skipAws ? undefined : (await import("../../aws/index.js")).synthesizeAws;
      const result = await synthesizePlatform(model, opts.out, {
        kubernetes: renderKubernetes,
        documents: logRetentionDocuments,
        ...(aws ? { aws } : {}),
      });
      process.stdout.write(terminalSummary(model, result, input.origin, (performance.now() - started) / 1000));
      if (result.aws && result.aws.nag.errors > 0) process.exitCode = 1;
    });
};
