/** Synthesizes a platform once into a temporary folder and exposes its template for CDK assertions. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { type AwsSynthResult, synthesizeAws } from "../../src/aws/index.js";
import { DEFAULT_PLATFORM_YAML, loadPlatform, type PlatformModel } from "../../src/model/index.js";

/** A synthesized platform. */
export interface Synthesized {
  readonly model: PlatformModel;
  readonly result: AwsSynthResult;
  readonly template: Template;
  /** The raw template JSON. */
  readonly json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  /** Removes the temporary folder. */
  readonly cleanup: () => void;
}

/** Loads platform YAML (failing on errors) into a model. */
export function modelOf(yaml: string = DEFAULT_PLATFORM_YAML): PlatformModel {
  const { model, findings } = loadPlatform(yaml);
  if (!model) throw new Error(`invalid test spec: ${JSON.stringify(findings)}`);
  return model;
}

/** Synthesizes `yaml` (default: the default platform) into a fresh temporary folder. */
export function synth(yaml: string = DEFAULT_PLATFORM_YAML): Synthesized {
  const model = modelOf(yaml);
  const dir = mkdtempSync(join(tmpdir(), "aiplat-aws-test-"));
  const result = synthesizeAws(model, dir);
  const json = JSON.parse(readFileSync(result.templateFile, "utf8"));
  return {
    model,
    result,
    template: Template.fromJSON(json),
    json,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Resources of one type in a template JSON. */
export function resourcesOf(s: Synthesized, type: string) {
  return Object.values(s.json.Resources).filter((r) => r.Type === type);
}

/** A platform whose GPU pools are all managed node groups (Cluster Autoscaler, no Karpenter). */
export const MNG_PLATFORM_YAML =
  "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata:\n  name: mng\nspec:\n  provisioner: managed-node-groups\n";

/** A platform with one CPU pool and no teams. */
export const CPU_ONLY_PLATFORM_YAML = `apiVersion: eks-ai-platform/v1alpha1
kind: Platform
metadata:
  name: cpu-only
spec:
  nodePools:
    cpu:
      instanceTypes: [m5.2xlarge]
      workloadTypes: [control, mlops, agents]
  teams: []
`;
