/**
 * Schema validation of generated Kubernetes objects, for tests (DESIGN.md section 7).
 *
 * - Custom resources: the `openAPIV3Schema` of the CRD that serves the object's group, version and kind, found in
 *   `../shared/crds` (next to the repository). ajv with `strict: false` (CRDs carry `x-kubernetes-*` keywords), the
 *   Kubernetes formats registered, Go RE2 patterns such as `(?i)` compiled with `re2-wasm` (see
 *   `../shared/crds/README.md`). Schemas compile lazily, once per kind and version: compiling every CRD takes ~17 s.
 * - Core objects (ConfigMap, Namespace, Deployment, ...): `kubernetes-models`, generated from upstream OpenAPI.
 *
 * When `../shared/crds` is missing (a user's clone), custom resources are reported as skipped, never as failures,
 * and the first skip prints one `console.warn` notice naming what was skipped.
 * CEL rules (`x-kubernetes-validations`) are not enforced by a JSON Schema validator; tests assert what they check.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import * as admissionV1 from "kubernetes-models/admissionregistration.k8s.io/v1";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as autoscalingV2 from "kubernetes-models/autoscaling/v2";
import * as batchV1 from "kubernetes-models/batch/v1";
import * as networkingV1 from "kubernetes-models/networking.k8s.io/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as rbacV1 from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as schedulingV1 from "kubernetes-models/scheduling.k8s.io/v1";
import * as storageV1 from "kubernetes-models/storage.k8s.io/v1";
import * as coreV1 from "kubernetes-models/v1";
import { RE2 } from "re2-wasm";
import { expect } from "vitest";
import { parseAllDocuments } from "yaml";

/** The shared CRD folder: `<repo>/../shared/crds`, or `$AIPLAT_CRDS` (e.g. CRDs from `kubectl get crd -o yaml`). */
export const CRDS_DIR = process.env.AIPLAT_CRDS ?? fileURLToPath(new URL("../../../shared/crds", import.meta.url));

/** What validating one object gave. */
export interface SchemaResult {
  /** `validated` against a schema, or `skipped` because the CRD folder is missing. */
  readonly status: "validated" | "skipped";
  /** Schema errors as `path: message`; empty when valid or skipped. */
  readonly errors: readonly string[];
  /** Where the schema came from, e.g. `kubernetes-models/v1 ConfigMap` or `karpenter/karpenter.sh_nodepools.yaml`. */
  readonly schema?: string;
}

/** Something shaped like a Kubernetes object. */
interface ObjectLike {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
}

type ModelClass = new (data: unknown) => { validate(): void };
/** Core API groups validated with kubernetes-models, by apiVersion. Add a group here when a test needs it. */
const CORE_GROUPS: Readonly<Record<string, Record<string, unknown>>> = {
  v1: coreV1,
  "apps/v1": appsV1,
  "batch/v1": batchV1,
  "autoscaling/v2": autoscalingV2,
  "networking.k8s.io/v1": networkingV1,
  "policy/v1": policyV1,
  "rbac.authorization.k8s.io/v1": rbacV1,
  "scheduling.k8s.io/v1": schedulingV1,
  "storage.k8s.io/v1": storageV1,
  "admissionregistration.k8s.io/v1": admissionV1,
};

/** True when `../shared/crds` exists, so custom resources can be validated. */
export function crdSchemasAvailable(): boolean {
  return existsSync(CRDS_DIR);
}

/** Validates one object against its upstream schema. */
export function validateObject(obj: unknown): SchemaResult {
  const o = (obj ?? {}) as ObjectLike;
  if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
    return { status: "validated", errors: ["apiVersion and kind must be strings"] };
  }
  const metaErrors =
    typeof o.metadata?.name === "string" && o.metadata.name !== "" ? [] : ["/metadata/name: required, non-empty"];
  const core = CORE_GROUPS[o.apiVersion];
  if (core !== undefined) {
    const model = core[o.kind] as ModelClass | undefined;
    if (typeof model !== "function") return { status: "validated", errors: [`no core kind ${o.apiVersion} ${o.kind}`] };
    return {
      status: "validated",
      errors: [...metaErrors, ...coreErrors(model, obj)],
      schema: `kubernetes-models/${o.apiVersion} ${o.kind}`,
    };
  }
  if (!crdSchemasAvailable()) {
    warnSkipped(`${o.apiVersion} ${o.kind}`);
    return { status: "skipped", errors: [] };
  }
  const found = crdValidator(o.apiVersion, o.kind);
  if (typeof found === "string") return { status: "validated", errors: [found] };
  const valid = found.validate(obj);
  const errors = valid
    ? []
    : (found.validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`);
  return { status: "validated", errors: [...metaErrors, ...errors], schema: found.file };
}

/** Asserts that `obj` is schema-valid (a skipped custom resource passes, with one warning per test file). */
export function expectValid(obj: unknown): void {
  const r = validateObject(obj);
  const o = obj as ObjectLike;
  expect(
    r.errors,
    `${String(o.apiVersion)} ${String(o.kind)} ${String(o.metadata?.name)} (${r.schema ?? "?"})`,
  ).toEqual([]);
}

function coreErrors(model: ModelClass, obj: unknown): string[] {
  try {
    new model(obj).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (Array.isArray(errors)) return errors.map((x) => `${x.instancePath || "/"}: ${x.message ?? "invalid"}`);
    return [String(e)];
  }
}

let warned = false;
function warnSkipped(what: string): void {
  if (warned) return;
  warned = true;
  console.warn(
    `[schema] ${CRDS_DIR} not found: custom-resource schema validation SKIPPED (first: ${what}); core objects are still validated`,
  );
}

// --- CRD schemas ------------------------------------------------------------------------------------------------

interface CrdVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly schema?: { readonly openAPIV3Schema?: object };
}
interface Crd {
  readonly kind?: string;
  readonly spec?: {
    readonly group?: string;
    readonly names?: { readonly kind?: string };
    readonly versions?: CrdVersion[];
  };
}

/** CRD files, read once per process (text only; parsed when a kind they may define is asked for). */
let crdFiles: { readonly file: string; readonly text: string }[] | undefined;
const validators = new Map<string, { readonly validate: ValidateFunction; readonly file: string } | string>();
let ajv: Ajv | undefined;

function crdValidator(apiVersion: string, kind: string): { validate: ValidateFunction; file: string } | string {
  const key = `${apiVersion} ${kind}`;
  const cached = validators.get(key);
  if (cached !== undefined) return cached;
  const result = compileCrd(apiVersion, kind);
  validators.set(key, result);
  return result;
}

function compileCrd(apiVersion: string, kind: string): { validate: ValidateFunction; file: string } | string {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) return `no schema: ${apiVersion} is neither a known core group nor group/version`;
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  crdFiles ??= listYaml(CRDS_DIR).map((file) => ({ file, text: readFileSync(file, "utf8") }));
  // Cheap text filter first: only files that mention the kind are parsed (InferenceService alone is 2 MB).
  for (const { file, text } of crdFiles) {
    if (!text.includes(`kind: ${kind}`) || !text.includes(group)) continue;
    for (const crd of parseCrdFile(file, text)) {
      if (crd?.kind !== "CustomResourceDefinition" || crd.spec?.group !== group || crd.spec.names?.kind !== kind)
        continue;
      const v = crd.spec.versions?.find((x) => x.name === version);
      const rel = file.slice(CRDS_DIR.length + 1);
      if (v === undefined || v.served === false) return `no schema: ${rel} does not serve ${apiVersion}`;
      const schema = v.schema?.openAPIV3Schema as { properties?: Record<string, unknown> } | undefined;
      if (schema === undefined) return `no schema: ${rel} ${version} has no openAPIV3Schema`;
      // Generated objects never carry `status`, written by controllers; leaving it out halves compile time.
      const { status: _status, ...properties } = schema.properties ?? {};
      return { validate: getAjv().compile({ ...schema, properties }), file: rel };
    }
  }
  return `no schema: no CRD for ${apiVersion} ${kind} in ${CRDS_DIR}`;
}

/**
 * The documents of a CRD file. YAML parsing is the slow part (~1.4 s for Argo CD's Application CRD), so the parsed
 * form is cached as JSON in the OS temp folder, keyed by path, size and modification time, and shared by test files.
 */
function parseCrdFile(file: string, text: string): (Crd | null)[] {
  const st = statSync(file);
  const key = createHash("sha256").update(`${file}\0${st.size}\0${st.mtimeMs}`).digest("hex").slice(0, 32);
  const cached = join(tmpdir(), "aiplat-crd-cache", `${key}.json`);
  try {
    return JSON.parse(readFileSync(cached, "utf8")) as (Crd | null)[];
  } catch {
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Crd | null);
    try {
      mkdirSync(dirname(cached), { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(docs));
      renameSync(tmp, cached);
    } catch {
      // A read-only temp folder only costs speed.
    }
    return docs;
  }
}

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => `${e.parentPath}/${e.name}`)
    .sort();
}

/** ajv's regexp engine hook; `code` only matters for standalone code generation, which tests do not use. */
const re2Engine = Object.assign(
  (src: string, flags: string) => new RE2(src, flags.includes("u") ? flags : `${flags}u`),
  { code: 'require("re2-wasm").RE2' },
);

function getAjv(): Ajv {
  if (ajv !== undefined) return ajv;
  ajv = new Ajv({
    strict: false,
    allErrors: true,
    // Go RE2 syntax (e.g. `(?i)`) that JavaScript regexps reject; re2-wasm needs the `u` flag ajv passes.
    code: { regExp: re2Engine },
  });
  const int = (bits: 32 | 64) => ({
    type: "number" as const,
    validate: (n: number) => Number.isInteger(n) && (bits === 64 || (n >= -(2 ** 31) && n <= 2 ** 31 - 1)),
  });
  ajv.addFormat("int32", int(32));
  ajv.addFormat("int64", int(64));
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("float", { type: "number", validate: () => true });
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  // Formats Kubernetes declares but validates elsewhere (or not at all): accept, as the API server's schema does.
  for (const f of [
    "int-or-string",
    "quantity",
    "duration",
    "uri",
    "uuid",
    "password",
    "hostname",
    "email",
    "ipv4",
    "ipv6",
    "cidr",
  ])
    ajv.addFormat(f, true);
  return ajv;
}
