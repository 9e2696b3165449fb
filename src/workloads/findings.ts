/**
 * Finding codes of workload files (AIP1xx). YAML syntax errors keep the spec's AIP001/AIP006.
 * Never renumber: tests, docs and users' scripts refer to them.
 */
import type { Finding } from "../spec/index.js";

/** Stable finding codes for workloads, with what each means. */
export const WORKLOAD_CODES = {
  AIP101: "unknown workload kind or apiVersion",
  AIP102: "unknown field",
  AIP103: "wrong type",
  AIP104: "value not allowed",
  AIP105: "required field missing",
  AIP106: "duplicate workload",
  AIP110: "namespace is not a team namespace",
  AIP111: "team may not run this workload type",
  AIP112: "no pool can run the workload",
  AIP113: "framework not enabled on the platform",
  AIP114: "hyperparameter tuning needs Katib",
  AIP115: "spot training without checkpointing",
  AIP116: "checkpoint volume cannot be shared by several workers",
} as const;

/** A workload finding code. */
export type WorkloadCode = keyof typeof WORKLOAD_CODES;

/** Builds an error finding with a workload code. */
export function workloadError(
  code: WorkloadCode,
  path: string,
  message: string,
  extra: Partial<Finding> = {},
): Finding {
  return { code, severity: "error", path, message, ...extra };
}
