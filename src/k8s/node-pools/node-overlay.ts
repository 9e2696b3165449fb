/**
 * Karpenter `karpenter.sh/v1alpha1` NodeOverlay (alpha, behind the `NodeOverlay` feature gate): tells Karpenter's
 * scheduling simulation which extended resources a pool's nodes will advertise once the GPU Operator has configured
 * them (MIG slices, time-slice replicas), so it can provision for pods requesting `nvidia.com/mig-*`.
 * Without it Karpenter sees only physical `nvidia.com/gpu`. https://karpenter.sh/docs/concepts/nodeoverlays/
 */
import type { PoolModel } from "../../model/index.js";
import type { KubeObject } from "../types.js";
import { KARPENTER_LABELS } from "./node-pool.js";

/** API version of the NodeOverlay kind. */
export const NODE_OVERLAY_API_VERSION = "karpenter.sh/v1alpha1";

/**
 * One NodeOverlay per instance type of a pool that opted in (`nodeOverlay: true`), matching that pool's nodes of that
 * type, with `capacity` = the resources the model says such a node advertises (`pool.capacity`). Instance types of a
 * pool may differ in GPU count, hence one overlay each. Empty for pools that did not opt in or offer no GPU resource.
 */
export function nodeOverlays(pool: PoolModel): KubeObject[] {
  if (!pool.nodeOverlay) return [];
  return pool.capacity
    .filter((c) => Object.keys(c.resources).length > 0)
    .map((c) => ({
      apiVersion: NODE_OVERLAY_API_VERSION,
      kind: "NodeOverlay",
      metadata: { name: `${pool.name}-${c.instanceType}` },
      spec: {
        requirements: [
          { key: KARPENTER_LABELS.nodePool, operator: "In", values: [pool.name] },
          { key: KARPENTER_LABELS.instanceType, operator: "In", values: [c.instanceType] },
        ],
        capacity: Object.fromEntries(
          Object.entries(c.resources)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([resource, count]) => [resource, String(count)]),
        ),
      },
    }));
}
