/** Registry of the placement policies by name. */
import { bestFitPolicy } from "./best-fit.js";
import { dotProductPolicy } from "./dot-product.js";
import { fgdPolicy } from "./fgd.js";
import { gpuPackingPolicy } from "./gpu-packing.js";
import { oursPolicy } from "./ours.js";
import { randomPolicy } from "./random.js";
import type { PolicyFactory } from "./types.js";

/** Policies by name: the paper's baselines and ours. */
export const POLICIES = {
  random: randomPolicy,
  "dot-product": dotProductPolicy,
  "gpu-packing": gpuPackingPolicy,
  "best-fit": bestFitPolicy,
  fgd: fgdPolicy,
  ours: oursPolicy,
} as const satisfies Record<string, PolicyFactory>;

/** A policy name known to {@link POLICIES}. */
export type PolicyName = keyof typeof POLICIES;

/** Policy names in the order the benchmark prints them. */
export const POLICY_NAMES = Object.keys(POLICIES) as PolicyName[];

/** Looks a policy up by name; throws listing the known names. */
export function policyByName(name: string): PolicyFactory {
  const f = (POLICIES as Record<string, PolicyFactory>)[name];
  if (!f) throw new Error(`unknown policy "${name}"; known: ${POLICY_NAMES.join(", ")}`);
  return f;
}
