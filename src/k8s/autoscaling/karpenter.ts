/**
 * The Karpenter controller, installed when any pool is provisioned by Karpenter. Its interruption queue (spot
 * interruptions, rebalance recommendations, scheduled events) and its Pod Identity role (`kube-system/karpenter`)
 * come from the AWS stack, named through `src/model/names.ts` so the two agree.
 * https://karpenter.sh/docs/getting-started/getting-started-with-karpenter/
 */
import { CHARTS } from "../../catalog/index.js";
import { karpenterInterruptionQueueName, type PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";

/** The controller's service account: the AWS stack's Pod Identity association names it. */
export const KARPENTER_SERVICE_ACCOUNT = { namespace: PLATFORM_NAMESPACES.kubeSystem, name: "karpenter" } as const;

/** Whether any pool is provisioned by Karpenter. */
export function usesKarpenter(model: PlatformModel): boolean {
  return model.pools.some((p) => p.provisioner === "karpenter");
}

/**
 * Whether the alpha `NodeOverlay` feature gate must be on: only when a pool opted in (`nodeOverlay: true`), since an
 * alpha gate changes the scheduling simulation for every pool. https://karpenter.sh/docs/concepts/nodeoverlays/
 */
export function nodeOverlayGate(model: PlatformModel): boolean {
  return model.pools.some((p) => p.provisioner === "karpenter" && p.nodeOverlay);
}

/** The Karpenter chart, or undefined when no pool uses Karpenter. */
export function karpenterChart(model: PlatformModel): ChartAppSpec | undefined {
  if (!usesKarpenter(model)) return undefined;
  const placement = controlPlacement(model);
  return {
    name: "karpenter",
    chart: CHARTS.karpenter,
    namespace: KARPENTER_SERVICE_ACCOUNT.namespace,
    // NodePool, NodeClaim, EC2NodeClass and NodeOverlay CRDs: pruning them would delete every node Karpenter made.
    ownsCrds: true,
    values: {
      settings: {
        clusterName: model.cluster.name,
        interruptionQueue: karpenterInterruptionQueueName(model),
        // `settings.featureGates.nodeOverlay` (the chart turns it into FEATURE_GATES NodeOverlay=...): the key of
        // aws/karpenter-provider-aws charts/karpenter/values.yaml ("nodeOverlay is ALPHA and is disabled by default"),
        // as aws-samples/karpenter-blueprints sets it on this chart (`--set settings.featureGates.nodeOverlay=true`).
        // Read from copies of that values.yaml; the v1.14.1 file itself was not in the index searched.
        featureGates: { nodeOverlay: nodeOverlayGate(model) },
      },
      serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT.name },
      // Two replicas with leader election; the controller must never run on a node it manages (the CPU pool is a
      // managed node group, so Karpenter cannot remove the node it runs on).
      replicas: 2,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      priorityClassName: "system-cluster-critical",
      podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
    },
  };
}
