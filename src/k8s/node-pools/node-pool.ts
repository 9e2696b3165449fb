/**
 * Karpenter `karpenter.sh/v1` NodePool: which nodes Karpenter may create for a pool, what they carry (labels, taints),
 * how many, and when it may take them away. https://karpenter.sh/docs/concepts/nodepools/
 */
import { GPU_RESOURCE, type PoolModel } from "../../model/index.js";
import type { KubeObject } from "../types.js";
import { EC2_NODE_CLASS_API_VERSION } from "./ec2-node-class.js";

/** API version of the NodePool kind. */
export const NODE_POOL_API_VERSION = "karpenter.sh/v1";

/** Well-known node labels Karpenter's requirements select on. https://karpenter.sh/docs/concepts/scheduling/ */
export const KARPENTER_LABELS = {
  instanceType: "node.kubernetes.io/instance-type",
  capacityType: "karpenter.sh/capacity-type",
  nodePool: "karpenter.sh/nodepool",
} as const;

/**
 * How long a draining node may keep running pods before Karpenter terminates it, by what the pool runs.
 * Job pools (training, research, batch): a job on a node that expired or drifted gets a day to finish or checkpoint;
 * pods annotated `karpenter.sh/do-not-disrupt` block voluntary disruption until then. Service pools: an hour is ample
 * for replicas to move. (Spot interruptions give two minutes whatever this says.)
 * https://karpenter.sh/docs/concepts/disruption/#terminationgraceperiod
 */
export const TERMINATION_GRACE_PERIOD = { jobs: "24h", services: "1h" } as const;

/** True when the model settled the pool as running jobs: its nodes are consolidated only when empty. */
export function runsJobs(pool: PoolModel): boolean {
  return pool.disruption.consolidationPolicy === "WhenEmpty";
}

/**
 * The NodePool of a Karpenter pool.
 * - Labels are `pool.labels` exactly and taints `pool.taints`: a managed node group of the same pool carries the
 *   same, so a node looks the same whoever made it (DESIGN.md section 5).
 * - Requirements: the pool's instance types and capacity types.
 * - Limits: `maxNodes` nodes of the pool's largest instance type, in cpu, memory and `nvidia.com/gpu` as Karpenter
 *   counts it (physical GPUs; the advertised replicas when a NodeOverlay says so).
 * - Disruption: job pools consolidate only empty nodes and replace drifted nodes one at a time; service pools may
 *   also consolidate underutilized nodes. Both within the model's budget.
 */
export function karpenterNodePool(pool: PoolModel): KubeObject {
  const jobs = runsJobs(pool);
  const budgets: { nodes: string; reasons?: string[] }[] = [{ nodes: pool.disruption.budgetNodes }];
  if (jobs) budgets.push({ nodes: "1", reasons: ["Drifted"] });
  return {
    apiVersion: NODE_POOL_API_VERSION,
    kind: "NodePool",
    metadata: { name: pool.name },
    spec: {
      template: {
        metadata: { labels: { ...pool.labels } },
        spec: {
          nodeClassRef: { group: EC2_NODE_CLASS_API_VERSION.split("/")[0], kind: "EC2NodeClass", name: pool.name },
          requirements: [
            { key: KARPENTER_LABELS.instanceType, operator: "In", values: [...pool.instanceTypes] },
            { key: KARPENTER_LABELS.capacityType, operator: "In", values: [...pool.capacityTypes] },
          ],
          ...(pool.taints.length === 0
            ? {}
            : {
                taints: pool.taints.map((t) =>
                  t.value === undefined
                    ? { key: t.key, effect: t.effect }
                    : { key: t.key, value: t.value, effect: t.effect },
                ),
              }),
          expireAfter: pool.expireAfter,
          terminationGracePeriod: jobs ? TERMINATION_GRACE_PERIOD.jobs : TERMINATION_GRACE_PERIOD.services,
        },
      },
      limits: poolLimits(pool),
      disruption: {
        consolidationPolicy: pool.disruption.consolidationPolicy,
        consolidateAfter: pool.disruption.consolidateAfter,
        budgets,
      },
    },
  };
}

/** Resource limits of a pool: `maxNodes` of its largest node, per resource (cpu, memory, physical GPUs). */
export function poolLimits(pool: PoolModel): Record<string, string> {
  const max = (f: (c: PoolModel["capacity"][number]) => number) => Math.max(0, ...pool.capacity.map(f));
  const limits: Record<string, string> = {
    cpu: String(pool.maxNodes * max((c) => c.vCpu)),
    memory: `${pool.maxNodes * max((c) => c.memoryGiB)}Gi`,
  };
  // With a NodeOverlay that sets nvidia.com/gpu (time-slicing), Karpenter counts the advertised replicas, not the
  // physical GPUs, so the limit must be in the same unit or it would stop at a fraction of maxNodes.
  const gpus = max((c) => (pool.nodeOverlay ? (c.resources[GPU_RESOURCE] ?? c.gpus) : c.gpus));
  if (gpus > 0) limits[GPU_RESOURCE] = String(pool.maxNodes * gpus);
  return limits;
}
