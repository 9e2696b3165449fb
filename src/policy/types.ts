/**
 * Policy findings and rules. A finding names the rule, the object, the JSON path, what is wrong, how to fix it and,
 * where the fix is mechanical, the JSON Patch (RFC 6902) that applies it: an admission webhook can return it as is.
 */
import type { PlatformModel, PoolModel } from "../model/types.js";
import type { Finding, Severity } from "../spec/index.js";
import type { PodView } from "./pods.js";

/** One RFC 6902 operation; `path` is a JSON Pointer into the object. */
export type JsonPatchOp =
  | { readonly op: "add" | "replace"; readonly path: string; readonly value: unknown }
  | { readonly op: "remove"; readonly path: string };

/** The object a finding is about. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** A policy finding: a spec `Finding` (code = rule ID, path = JSON path in the object) plus the object and the fix. */
export interface PolicyFinding extends Finding {
  readonly object: ObjectRef;
  /** The same path as a JSON Pointer (what the patch and an AdmissionReview use). */
  readonly pointer: string;
  /** Index of the object in the list given to `check`. */
  readonly objectIndex: number;
  /** How to fix it, in words. */
  readonly fix: string;
  /** A JSON Patch that fixes it, when the fix is mechanical. */
  readonly patch?: readonly JsonPatchOp[];
}

/** What rules see besides the pod: the model, with lookups computed once per `check` call. */
export interface PolicyContext {
  readonly model: PlatformModel;
  readonly poolsByName: ReadonlyMap<string, PoolModel>;
  readonly teamNamespaces: ReadonlySet<string>;
}

/** What a rule reports; the engine adds the object, severity and index. */
export interface RuleHit {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly fix: string;
  readonly patch?: readonly JsonPatchOp[];
  readonly severity?: Severity;
  readonly found?: unknown;
  readonly allowed?: readonly string[];
}

/** A rule over one pod template. */
export interface PodRule {
  /** Stable ID, e.g. `AIP202`. Never reused. */
  readonly id: `AIP${number}`;
  /** One line: what the rule enforces. */
  readonly title: string;
  readonly severity: Severity;
  check(pod: PodView, ctx: PolicyContext): readonly RuleHit[];
}

/** A JSON Pointer from path segments (RFC 6901 escaping). */
export function pointer(path: readonly (string | number)[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
