/**
 * Findings: validation results as data. Every problem with a platform spec is one finding with a stable code, the
 * path into the document, the line and column where the input was YAML, the value found and what is allowed.
 */

/** Stable finding codes for platform specs. Never renumber: tests, docs and users' scripts refer to them. */
export const SPEC_CODES = {
  AIP001: "YAML syntax error",
  AIP002: "unknown field",
  AIP003: "wrong type",
  AIP004: "value not allowed",
  AIP005: "required field missing",
  AIP006: "duplicate key",
  AIP010: "unknown instance type",
  AIP011: "pool mixes instance types with different GPUs",
  AIP012: "GPU sharing on a pool without GPUs",
  AIP013: "MIG profile not offered by the pool's GPU",
  AIP014: "MIG layout does not fit the GPU",
  AIP015: "GPU sharing replicas out of range",
  AIP016: "workload type served by no pool",
  AIP017: "malformed taint",
  AIP018: "MIG on a GPU without MIG",
  AIP019: "provisioner cannot serve the pool",
  AIP020: "unsupported Kubernetes version",
  AIP021: "node count range is empty",
  AIP022: "duplicate namespace",
  AIP023: "team quota names a MIG profile no pool offers",
  AIP024: "more than one GPU sharing method",
  AIP025: "no pool for platform services",
  AIP026: "unknown team",
  AIP027: "reserved pool name",
  AIP028: "Argo CD capability without an Identity Center instance",
  AIP029: "logs endpoint is not a usable host for the log destination",
} as const;

/** A stable finding code. */
export type FindingCode = keyof typeof SPEC_CODES | `AIP${number}`;

/** How bad a finding is. Errors stop synthesis; warnings are printed. */
export type Severity = "error" | "warning";

/** One validation result. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** Path into the document, e.g. `spec.nodePools.a100-mig.gpuSharing.mig.layout[2]`. */
  readonly path: string;
  readonly message: string;
  /** The offending value, printed as found. */
  readonly found?: unknown;
  /** What would have been accepted. */
  readonly allowed?: readonly string[];
  /** 1-based line and column in the source YAML, when known. */
  readonly line?: number;
  readonly column?: number;
  /** Source file name, when known. */
  readonly file?: string;
}

/** A path segment list (as zod and the YAML library give them) rendered the way users write it. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** True when any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
