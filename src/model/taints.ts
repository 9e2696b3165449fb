/** Taints as the spec writes them (`key=value:Effect`) and the tolerations that match them exactly. */
import type { Taint, Toleration } from "./types.js";

/** Taint effects Kubernetes knows. */
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

// A label key: optional DNS-subdomain prefix and a name of up to 63 characters; a label value of up to 63.
const TAINT =
  /^((?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)(?:=([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?)?:([A-Za-z]+)$/;

/** Parses `key=value:Effect` or `key:Effect`; undefined when malformed. */
export function parseTaint(text: string): Taint | undefined {
  const m = TAINT.exec(text);
  if (!m) return undefined;
  const effect = m[7] as Taint["effect"];
  if (!(TAINT_EFFECTS as readonly string[]).includes(effect)) return undefined;
  const key = m[1]!;
  const value = m[5];
  return value === undefined ? { key, effect } : { key, value, effect };
}

/** The toleration that admits a pod past exactly this taint (key, value and effect). */
export function tolerationFor(taint: Taint): Toleration {
  return taint.value === undefined
    ? { key: taint.key, operator: "Exists", effect: taint.effect }
    : { key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect };
}

/** `key=value:Effect`, the way the spec and kubectl write a taint. */
export function formatTaint(taint: Taint): string {
  return `${taint.key}${taint.value === undefined ? "" : `=${taint.value}`}:${taint.effect}`;
}
