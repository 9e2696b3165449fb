/** The platform model: spec + catalog -> PlatformModel, the pivot every emitter reads. */
import { type Catalog, DEFAULT_CATALOG } from "../catalog/index.js";
import {
  type Finding,
  hasErrors,
  type LoadedSpec,
  loadPlatformSpec,
  type NodePoolSpec,
  nodePoolSchema,
  type PlatformSpec,
} from "../spec/index.js";
import { resolve } from "./resolve.js";
import type { PlatformModel } from "./types.js";
import { validateNodePools, validatePlatform } from "./validate.js";

export * from "./capacity.js";
export * from "./mig-layout.js";
export * from "./names.js";
export * from "./resolve.js";
export * from "./taints.js";
export * from "./types.js";
export * from "./validate.js";

/** What loading a platform gives: the model when there was no error, and every finding (errors and warnings). */
export interface LoadedPlatform {
  readonly model?: PlatformModel;
  readonly spec?: PlatformSpec;
  readonly findings: readonly Finding[];
}

/** Loads platform YAML text: parse, schema, semantic checks (all findings located), then resolve. */
export function loadPlatform(text: string, file = "platform.yaml", catalog: Catalog = DEFAULT_CATALOG): LoadedPlatform {
  const loaded = loadPlatformSpec(text, file);
  if (loaded.spec === undefined) return { findings: [...loaded.findings, ...poolFindings(loaded, catalog, file)] };
  const teamsWritten = loaded.source.doc.hasIn(["spec", "teams"]);
  const semantic = validatePlatform(loaded.spec, catalog, (path) => loaded.source.locate(path), { teamsWritten }).map(
    (f) => ({ ...f, file }),
  );
  const findings = [...loaded.findings, ...semantic];
  if (hasErrors(findings)) return { spec: loaded.spec, findings };
  return { model: resolve(loaded.spec, catalog), spec: loaded.spec, findings };
}

/** Semantic findings of the pools that passed their schema, when the spec as a whole did not. */
function poolFindings(loaded: LoadedSpec, catalog: Catalog, file: string): Finding[] {
  if (loaded.findings.some((f) => f.code === "AIP001")) return [];
  const pools = (loaded.source.doc.toJS() as { spec?: { nodePools?: unknown } } | null)?.spec?.nodePools;
  if (pools === null || typeof pools !== "object") return [];
  const parsed: Record<string, NodePoolSpec> = {};
  for (const [name, pool] of Object.entries(pools)) {
    const r = nodePoolSchema.safeParse(pool);
    if (r.success) parsed[name] = r.data;
  }
  return validateNodePools(parsed, catalog, (path) => loaded.source.locate(path)).map((f) => ({ ...f, file }));
}

/** The default platform's YAML: the seed's architecture, every field at its default. */
export const DEFAULT_PLATFORM_YAML =
  "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata:\n  name: ml-platform\n";
