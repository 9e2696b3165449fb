/**
 * `check(objects, model)`: every rule over every pod template of every object. Pure and synchronous, no I/O: the CLI
 * and the admission webhook call it unchanged. Findings come out in object order, then rule order.
 */
import type { PlatformModel } from "../model/types.js";
import { formatPath } from "../spec/index.js";
import { podViews } from "./pods.js";
import { IMAGE_RULES } from "./rules/images.js";
import { PLACEMENT_RULES } from "./rules/placement.js";
import { RESOURCE_RULES } from "./rules/resources.js";
import { SECURITY_RULES } from "./rules/security.js";
import { TRAINING_RULES } from "./rules/training.js";
import { type ObjectRef, type PodRule, type PolicyContext, type PolicyFinding, pointer } from "./types.js";

/** Every rule, in ID order. */
export const RULES: readonly PodRule[] = [
  ...PLACEMENT_RULES,
  ...RESOURCE_RULES,
  ...SECURITY_RULES,
  ...TRAINING_RULES,
  ...IMAGE_RULES,
];

/** The lookups rules share, computed once per model. */
export function policyContext(model: PlatformModel): PolicyContext {
  return {
    model,
    poolsByName: new Map(model.pools.map((p) => [p.name, p])),
    teamNamespaces: new Set(model.teams.flatMap((t) => t.namespaces)),
  };
}

const contexts = new WeakMap<PlatformModel, PolicyContext>();

/** Checks `objects` against the platform `model`. */
export function check(
  objects: readonly unknown[],
  model: PlatformModel,
  rules: readonly PodRule[] = RULES,
): PolicyFinding[] {
  let ctx = contexts.get(model);
  if (ctx === undefined) {
    ctx = policyContext(model);
    contexts.set(model, ctx);
  }
  const out: PolicyFinding[] = [];
  for (const [objectIndex, obj] of objects.entries()) {
    const pods = podViews(obj);
    if (pods.length === 0) continue;
    const object = refOf(obj);
    for (const pod of pods)
      for (const rule of rules)
        for (const hit of rule.check(pod, ctx))
          out.push({
            code: rule.id,
            severity: hit.severity ?? rule.severity,
            path: formatPath(hit.path),
            pointer: pointer(hit.path),
            message: pod.role === undefined ? hit.message : `${pod.role}: ${hit.message}`,
            fix: hit.fix,
            object,
            objectIndex,
            ...(hit.patch ? { patch: hit.patch } : {}),
            ...(hit.found === undefined ? {} : { found: hit.found }),
            ...(hit.allowed ? { allowed: hit.allowed } : {}),
          });
  }
  return out;
}

function refOf(obj: unknown): ObjectRef {
  const o = obj as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  return {
    apiVersion: String(o.apiVersion ?? ""),
    kind: String(o.kind ?? ""),
    name: String(o.metadata?.name ?? ""),
    ...(typeof o.metadata?.namespace === "string" ? { namespace: o.metadata.namespace } : {}),
  };
}
