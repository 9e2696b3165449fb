/** Ours (placeholder, replaced below). */
import { fgdPolicy } from "./fgd.js";
import type { Policy, PolicyContext } from "./types.js";

/** Creates our policy. */
export function oursPolicy(ctx: PolicyContext): Policy {
  return fgdPolicy(ctx);
}
