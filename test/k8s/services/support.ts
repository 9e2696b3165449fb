/** Helpers for the services' tests: every object in every rendered chart's values, placement checks. */

import type { GitopsApplication } from "../../../src/k8s/index.js";
import { LABELS, type PlatformModel } from "../../../src/model/index.js";

/** The Helm values an Application sets. */
export function valuesOf(app: GitopsApplication): Record<string, unknown> {
  const source = (app.application.spec as { source: { helm?: { valuesObject?: Record<string, unknown> } } }).source;
  return source.helm?.valuesObject ?? {};
}

/** Every `nodeSelector` object found anywhere inside `value`, with its path. */
export function nodeSelectors(value: unknown, path = ""): { path: string; selector: Record<string, string> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => nodeSelectors(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === "nodeSelector" && v !== null && typeof v === "object"
      ? [{ path: `${path}.${k}`, selector: v as Record<string, string> }]
      : nodeSelectors(v, `${path}.${k}`),
  );
}

/** The pool label value of the CPU pool that runs the platform. */
export function controlPoolName(model: PlatformModel): string {
  return model.pools.find((p) => p.workloadTypes.includes("control"))!.name;
}

/** Names of the GPU pools. */
export function gpuPoolNames(model: PlatformModel): string[] {
  return model.pools.filter((p) => p.role === "gpu").map((p) => p.name);
}

/** Whether a node selector points at the control pool (and at no GPU pool). */
export function selectsControlPool(model: PlatformModel, selector: Record<string, string>): boolean {
  return selector[LABELS.pool] === controlPoolName(model) && !gpuPoolNames(model).includes(selector[LABELS.pool] ?? "");
}
