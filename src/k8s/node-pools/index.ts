/**
 * The `node-pools` component: Karpenter NodePools, EC2NodeClasses and (opt-in) NodeOverlays for every pool the model
 * gives to Karpenter. Pools served by EKS managed node groups are created by the AWS stack instead, from the same
 * `PoolModel` labels and taints, so the two provisioners produce identical nodes.
 *
 * Why the MIG pool is a managed node group by default (for the README):
 * Karpenter decides which instance to launch by simulating pods against the resources an instance type offers, and
 * it knows only physical `nvidia.com/gpu` counts. A pod requesting `nvidia.com/mig-3g.40gb` matches no instance type
 * in that simulation, so Karpenter never launches a node for it; the MIG slices appear only after the GPU Operator's
 * MIG manager has partitioned a running node. Time-slicing pools do not have this problem because
 * `renameByDefault: false` keeps the resource name `nvidia.com/gpu`. Karpenter's alpha NodeOverlay can advertise
 * the MIG resources ahead of time, but it is alpha and behind a feature gate, so it is an opt-in
 * (`nodeOverlay: true`); by default the MIG pool is an EKS managed node group scaled by Cluster Autoscaler, as public
 * EKS GPU blueprints do. https://karpenter.sh/docs/concepts/nodeoverlays/
 */
import type { PlatformModel, PoolModel } from "../../model/index.js";
import type { ComponentManifests, KubeObject } from "../types.js";
import { ec2NodeClass } from "./ec2-node-class.js";
import { nodeOverlays } from "./node-overlay.js";
import { karpenterNodePool } from "./node-pool.js";

export * from "./ec2-node-class.js";
export * from "./node-overlay.js";
export * from "./node-pool.js";

/** Component (folder) name of the node-pool manifests. */
export const NODE_POOLS_COMPONENT = "node-pools";

/** The pools Karpenter provisions, in spec order. */
export function karpenterPools(model: PlatformModel): PoolModel[] {
  return model.pools.filter((p) => p.provisioner === "karpenter");
}

/** Every Karpenter object of one pool: its EC2NodeClass, its NodePool, then its NodeOverlays (if opted in). */
export function poolObjects(model: PlatformModel, pool: PoolModel): KubeObject[] {
  return [ec2NodeClass(model, pool), karpenterNodePool(pool), ...nodeOverlays(pool)];
}

/** The node-pools component: one file per Karpenter pool, named after it (no files when no pool uses Karpenter). */
export function renderNodePools(model: PlatformModel): ComponentManifests {
  return {
    component: NODE_POOLS_COMPONENT,
    files: karpenterPools(model).map((pool) => ({ name: pool.name, objects: poolObjects(model, pool) })),
  };
}
