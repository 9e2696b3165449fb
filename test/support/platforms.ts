/** Platform models for tests of generated output: the default, and variants written as platform.yaml text. */
import { DEFAULT_PLATFORM_YAML, loadPlatform, type PlatformModel } from "../../src/model/index.js";

/** Loads platform YAML and fails loudly (with the findings) when it does not resolve. */
export function modelOf(yaml: string): PlatformModel {
  const { model, findings } = loadPlatform(yaml, "test.yaml");
  if (model === undefined) throw new Error(`platform did not load:\n${JSON.stringify(findings, null, 2)}`);
  return model;
}

/** The default platform (the seed's four pools). */
export const defaultModel = (): PlatformModel => modelOf(DEFAULT_PLATFORM_YAML);

const HEAD = "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata:\n  name: t\nspec:\n";
const CPU_POOL =
  "    cpu:\n      instanceTypes: [m5.2xlarge]\n      workloadTypes: [control, mlops, agents]\n      minNodes: 2\n";

/**
 * A platform whose node pools are a CPU pool plus `pools` (YAML at 4-space indent under `nodePools:`), with one team
 * without MIG quota; `specExtra` is YAML at 2-space indent under `spec:`.
 */
export function platformYaml(pools: string, specExtra = ""): string {
  return `${HEAD}${specExtra}  teams: [{ name: team-a }]\n  nodePools:\n${CPU_POOL}${pools}`;
}

/** The default platform's pools with the spec-level `provisioner` set. */
export function defaultWithProvisioner(provisioner: "karpenter" | "managed-node-groups"): string {
  return `${HEAD}  provisioner: ${provisioner}\n`;
}
