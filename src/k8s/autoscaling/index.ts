/**
 * The `autoscaling` component: KEDA for pods, Karpenter and Cluster Autoscaler for nodes, as chart Applications
 * (no manifests of our own: ScaledObjects come with the workloads that use them).
 */
import type { PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { clusterAutoscalerChart } from "./cluster-autoscaler.js";
import { karpenterChart } from "./karpenter.js";
import { kedaChart } from "./keda.js";

export * from "./cluster-autoscaler.js";
export * from "./karpenter.js";
export * from "./keda.js";

/** The autoscaling charts the model needs, KEDA always. */
export function autoscalingCharts(model: PlatformModel): ChartAppSpec[] {
  return [kedaChart(model), karpenterChart(model), clusterAutoscalerChart(model)].filter(
    (c): c is ChartAppSpec => c !== undefined,
  );
}
