/** Loads, places, renders and policy-checks workload files: what `aiplat render` and `aiplat explain` share. */
import type { KubeObject } from "../k8s/types.js";
import type { PlatformModel } from "../model/types.js";
import { check } from "../policy/index.js";
import type { Finding } from "../spec/index.js";
import {
  gatewayRoutesConfigMap,
  type LoadedWorkload,
  loadWorkloads,
  type PlacementResult,
  place,
  render,
} from "../workloads/index.js";
import type { InputFile } from "./input-files.js";

/** The objects of one workload. */
export interface RenderedWorkload {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly objects: readonly KubeObject[];
}

/** One workload with its placement decision. */
export interface PlacedWorkload {
  readonly loaded: LoadedWorkload;
  readonly result: PlacementResult;
}

/** Loads and places every workload of `files`; findings are located in their file. */
export function placeFiles(
  files: readonly InputFile[],
  model: PlatformModel,
): { placed: PlacedWorkload[]; findings: Finding[]; syntax: boolean } {
  const placed: PlacedWorkload[] = [];
  const findings: Finding[] = [];
  let syntax = false;
  for (const f of files) {
    const loaded = loadWorkloads(f.text, f.name);
    findings.push(...loaded.findings);
    syntax ||= loaded.findings.some((x) => x.code === "AIP001" || x.code === "AIP006");
    for (const l of loaded.workloads) {
      const result = place(l.workload, model);
      placed.push({ loaded: l, result });
      findings.push(
        ...result.findings.map((x) => ({
          ...x,
          file: f.name,
          ...(l.source.locate(x.path === "" ? [] : x.path.split(".")) ?? {}),
        })),
      );
    }
  }
  return { placed, findings, syntax };
}

/** Renders every placeable workload; exit code 2 on YAML errors, 1 on any other error, else 0. */
export function renderFiles(
  files: readonly InputFile[],
  model: PlatformModel,
): { rendered: RenderedWorkload[]; findings: Finding[]; exitCode: 0 | 1 | 2 } {
  const { placed, findings, syntax } = placeFiles(files, model);
  const rendered: RenderedWorkload[] = [];
  for (const { loaded, result } of placed) {
    if (result.placement === undefined || result.findings.some((x) => x.severity === "error")) continue;
    const objects = render(loaded.workload, result.placement, model);
    // The platform's own rules must pass on what it renders (DESIGN.md section 7).
    for (const f of check(objects, model))
      findings.push({
        ...f,
        file: loaded.source.file,
        message: `rendered ${f.object.kind} ${f.object.name}: ${f.message}`,
      });
    rendered.push({
      kind: loaded.workload.kind,
      name: loaded.workload.metadata.name,
      namespace: result.placement.namespace,
      objects,
    });
  }
  // The in-cluster LLM gateway learns every rendered model server from its routes ConfigMap.
  const routes = gatewayRoutesConfigMap(
    placed.flatMap(({ loaded, result }) =>
      loaded.workload.kind === "InferenceService" && result.placement !== undefined
        ? [{ workload: loaded.workload, namespace: result.placement.namespace }]
        : [],
    ),
  );
  if (routes !== undefined) {
    rendered.push({
      kind: "ConfigMap",
      name: routes.metadata.name,
      namespace: routes.metadata.namespace!,
      objects: [routes],
    });
  }
  const errors = findings.some((x) => x.severity === "error");
  return { rendered, findings, exitCode: syntax ? 2 : errors ? 1 : 0 };
}
