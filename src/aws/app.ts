/**
 * `synthesizeAws(model, outdir)`: the platform's CDK app synthesized into a cloud assembly, offline (no AWS call, no
 * network, no credentials, no context lookup), deterministic (the same model gives byte-identical files), and checked
 * by cdk-nag's AwsSolutions pack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App, AppProps } from "aws-cdk-lib/core";
import type { PlatformModel } from "../model/index.js";
import { core } from "./cdk.js";
import { addNagChecks, countAcknowledgments, type NagResult, readNagReport, stripAcknowledgmentTraces } from "./nag.js";
import { PlatformStack } from "./stack.js";

/** What an AWS synthesis produced. */
export interface AwsSynthResult {
  /** The CloudFormation template, `<assemblyDir>/<stack>.template.json`. */
  readonly templateFile: string;
  /** The cloud assembly directory (the `outdir` given). */
  readonly assemblyDir: string;
  /** CloudFormation resources by type, e.g. `{"AWS::EKS::Nodegroup": 2}`. */
  readonly resourceCounts: Readonly<Record<string, number>>;
  /** The cdk-nag AwsSolutions result. */
  readonly nag: NagResult;
}

/**
 * App settings that keep the synthesis fast, offline and deterministic:
 * no analytics metadata resource (it embeds a compressed construct inventory), no construct stack traces (slow, and
 * paths of this machine), no built-in CloudFormation validation (a WASM rules engine that costs seconds and which the
 * AwsSolutions pack supersedes for our purpose).
 */
export const APP_PROPS: Readonly<AppProps> = {
  analyticsReporting: false,
  stackTraces: false,
  builtinCloudFormationValidation: false,
  context: {
    // Construct creation stack traces hold absolute paths of this machine and cost time to capture.
    "aws:cdk:disable-creation-stack-traces": true,
    // Server access logs are granted by a bucket policy, not the legacy LogDeliveryWrite ACL (ACLs stay disabled).
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
  },
};

/** Builds the CDK app of a model (with cdk-nag registered), without synthesizing it. */
export function buildAwsApp(model: PlatformModel, props: AppProps = {}): { app: App; stack: PlatformStack } {
  const app = new core.App({ ...APP_PROPS, ...props, context: { ...APP_PROPS.context, ...props.context } });
  const stack = new PlatformStack(app, model.name, { model });
  addNagChecks(app);
  stripAcknowledgmentTraces(app);
  return { app, stack };
}

/** Synthesizes the model's AWS infrastructure into `outdir` and reports resource counts and the cdk-nag result. */
export function synthesizeAws(model: PlatformModel, outdir: string): AwsSynthResult {
  const { app, stack } = buildAwsApp(model, { outdir });
  try {
    app.synth();
  } catch (error) {
    // Unacknowledged nag errors fail app.synth() after the assembly and its report were written: report them as
    // counts (the CLI exits non-zero); anything else is a real failure.
    if (!(error instanceof Error) || !/Validation failed/.test(error.message)) throw error;
  }
  const templateFile = join(outdir, stack.templateFile);
  const template = JSON.parse(readFileSync(templateFile, "utf8")) as { Resources?: Record<string, { Type: string }> };
  return {
    templateFile,
    assemblyDir: outdir,
    resourceCounts: countResources(template.Resources ?? {}),
    nag: readNagReport(outdir, countAcknowledgments(app)),
  };
}

function countResources(resources: Record<string, { Type: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of Object.values(resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
