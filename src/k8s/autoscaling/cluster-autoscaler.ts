/**
 * Cluster Autoscaler for the pools that are EKS managed node groups (always the CPU pool, the MIG pool unless it opts
 * into NodeOverlay, every GPU pool when `spec.provisioner` is `managed-node-groups`). It discovers their Auto Scaling
 * groups by the tags the AWS stack puts on them, so it never touches Karpenter's nodes: both run together, each
 * owning its pools. https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
 * Flags: https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#what-are-the-parameters-to-ca
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";

/** The autoscaler's service account: the AWS stack's Pod Identity association names it. */
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = {
  namespace: PLATFORM_NAMESPACES.kubeSystem,
  name: "cluster-autoscaler",
} as const;

/**
 * Flags tuned for GPU node groups, where an idle node costs up to $55/hour and a new one takes minutes to boot (and
 * reboot once more when the MIG manager applies a layout):
 * - `least-waste`: of the groups that fit the pending pods, the one that leaves the least CPU and memory idle.
 * - scale-down after 10 idle minutes and 10 minutes after a scale-up, with the GPU threshold judged on GPU requests
 *   alone (`scale-down-gpu-utilization-threshold`), so CPU-light GPU pods do not keep a node "busy".
 * - `skip-nodes-with-local-storage: false`: training pods keep scratch in emptyDir; checkpoints live on EFS or S3.
 * - `max-graceful-termination-sec: 900`: a training job gets time to write its checkpoint before the node goes.
 * - `max-node-provision-time: 20m`: p4de and p5 nodes boot slowly and MIG nodes reboot once; 15m (default) is tight.
 * - `balance-similar-node-groups`: spread node groups of one pool that differ only by zone.
 */
export const CLUSTER_AUTOSCALER_FLAGS: Readonly<Record<string, string | boolean>> = {
  expander: "least-waste",
  "scale-down-enabled": true,
  "scale-down-unneeded-time": "10m",
  "scale-down-delay-after-add": "10m",
  "scale-down-utilization-threshold": "0.5",
  "scale-down-gpu-utilization-threshold": "0.5",
  "skip-nodes-with-local-storage": false,
  "skip-nodes-with-system-pods": true,
  "max-graceful-termination-sec": "900",
  "max-node-provision-time": "20m",
  "balance-similar-node-groups": true,
};

/** Whether any pool is an EKS managed node group (the CPU pool always is). */
export function usesClusterAutoscaler(model: PlatformModel): boolean {
  return model.pools.some((p) => p.provisioner === "managed-node-group");
}

/** The Cluster Autoscaler chart, or undefined when no pool is a managed node group. */
export function clusterAutoscalerChart(model: PlatformModel): ChartAppSpec | undefined {
  if (!usesClusterAutoscaler(model)) return undefined;
  const placement = controlPlacement(model);
  return {
    name: "cluster-autoscaler",
    chart: CHARTS["cluster-autoscaler"],
    namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace,
    ownsCrds: false,
    values: {
      cloudProvider: "aws",
      awsRegion: model.aws.region,
      fullnameOverride: "cluster-autoscaler",
      autoDiscovery: {
        clusterName: model.cluster.name,
        tags: ["k8s.io/cluster-autoscaler/enabled", `k8s.io/cluster-autoscaler/${model.cluster.name}`],
      },
      // The autoscaler's minor version must match the cluster's (catalog: KUBERNETES_RELEASES).
      image: { tag: model.cluster.clusterAutoscalerImageTag },
      rbac: { serviceAccount: { create: true, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name } },
      extraArgs: { ...CLUSTER_AUTOSCALER_FLAGS },
      replicaCount: 2,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      priorityClassName: "system-cluster-critical",
      podDisruptionBudget: { maxUnavailable: 1 },
    },
  };
}
