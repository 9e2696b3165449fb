/** Where the base's controllers run: the CPU pool that admits `control` (DESIGN.md section 5: one pool label). */
import { LABELS, type PlatformModel, type PoolModel, type Toleration } from "../model/index.js";

/** The pool that runs the platform's own services; the model guarantees one admits `control` (AIP025). */
export function controlPool(model: PlatformModel): PoolModel {
  const pool = model.pools.find((p) => p.workloadTypes.includes("control"));
  if (pool === undefined) throw new Error("no pool admits workload type control (the spec validation reports AIP025)");
  return pool;
}

/** Helm-style placement values for a controller: `nodeSelector` on the control pool's label, its tolerations. */
export function controlPlacement(model: PlatformModel): {
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
} {
  const pool = controlPool(model);
  return {
    nodeSelector: { "kubernetes.io/os": "linux", [LABELS.pool]: pool.name },
    tolerations: pool.tolerations.map((t) => ({ ...t })),
  };
}
