/** Which pool a pod selects and which capacity types it may land on, read from its node selector and affinity. */

import type { PoolModel } from "../model/types.js";
import { LABELS } from "../model/types.js";
import type { PodView } from "./pods.js";
import type { PolicyContext } from "./types.js";

type Path = readonly (string | number)[];

/** The pool a pod names, how, and where. */
export interface PoolSelection {
  /** Pool name as written (may name no pool of the platform). */
  readonly name: string;
  readonly pool?: PoolModel;
  /** Path of the value that names it. */
  readonly path: Path;
}

interface Expr {
  readonly key?: unknown;
  readonly operator?: unknown;
  readonly values?: unknown;
}

function requiredExpressions(pod: PodView): { expr: Expr; path: Path }[] {
  const terms = (
    pod.spec.affinity as {
      nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: unknown } };
    }
  )?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length !== 1) return [];
  const exprs = (terms[0] as { matchExpressions?: unknown }).matchExpressions;
  if (!Array.isArray(exprs)) return [];
  const base = [
    ...pod.specPath,
    "affinity",
    "nodeAffinity",
    "requiredDuringSchedulingIgnoredDuringExecution",
    "nodeSelectorTerms",
    0,
    "matchExpressions",
  ];
  return exprs.map((expr: Expr, i) => ({ expr, path: [...base, i] }));
}

function preferredExpressions(pod: PodView): Expr[] {
  const pref = (pod.spec.affinity as { nodeAffinity?: { preferredDuringSchedulingIgnoredDuringExecution?: unknown } })
    ?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!Array.isArray(pref)) return [];
  return pref.flatMap((p: { preference?: { matchExpressions?: unknown } }) =>
    Array.isArray(p.preference?.matchExpressions) ? (p.preference.matchExpressions as Expr[]) : [],
  );
}

/** The node selector as a string map. */
export function nodeSelectorOf(pod: PodView): Record<string, string> {
  const ns = pod.spec.nodeSelector;
  return typeof ns === "object" && ns !== null ? (ns as Record<string, string>) : {};
}

const selections = new WeakMap<PodView, { ctx: PolicyContext; sel: PoolSelection | undefined }>();

/** The pool the pod selects by `eks-ai-platform/pool` (node selector, or a required affinity `In` one value). */
export function selectedPool(pod: PodView, ctx: PolicyContext): PoolSelection | undefined {
  // Every placement rule asks: compute once per pod.
  const cached = selections.get(pod);
  if (cached !== undefined && cached.ctx === ctx) return cached.sel;
  const sel = findPool(pod, ctx);
  selections.set(pod, { ctx, sel });
  return sel;
}

function findPool(pod: PodView, ctx: PolicyContext): PoolSelection | undefined {
  const byLabel = nodeSelectorOf(pod)[LABELS.pool];
  if (typeof byLabel === "string") {
    const pool = ctx.poolsByName.get(byLabel);
    return { name: byLabel, ...(pool ? { pool } : {}), path: [...pod.specPath, "nodeSelector", LABELS.pool] };
  }
  for (const { expr, path } of requiredExpressions(pod)) {
    if (expr.key === LABELS.pool && expr.operator === "In" && Array.isArray(expr.values) && expr.values.length === 1) {
      const name = String(expr.values[0]);
      const pool = ctx.poolsByName.get(name);
      return { name, ...(pool ? { pool } : {}), path: [...path, "values", 0] };
    }
  }
  return undefined;
}

const CAPACITY_KEYS = new Set(["karpenter.sh/capacity-type", "eks.amazonaws.com/capacityType"]);

/** True when the pod asks for (requires or prefers) spot capacity, or its pool offers only spot. */
export function mayRunOnSpot(pod: PodView, pool: PoolModel | undefined): boolean {
  const sel = nodeSelectorOf(pod);
  for (const k of CAPACITY_KEYS) if (sel[k] !== undefined) return String(sel[k]).toLowerCase() === "spot";
  const exprs = [...requiredExpressions(pod).map((e) => e.expr), ...preferredExpressions(pod)];
  for (const e of exprs)
    if (
      CAPACITY_KEYS.has(String(e.key)) &&
      Array.isArray(e.values) &&
      e.values.some((v) => String(v).toLowerCase() === "spot")
    )
      return true;
  const required = requiredExpressions(pod).some((e) => CAPACITY_KEYS.has(String(e.expr.key)));
  if (required) return false;
  return pool !== undefined && pool.capacityTypes.includes("spot");
}
