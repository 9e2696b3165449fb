/**
 * KEDA: event-driven autoscaling of inference Deployments (vLLM `vllm:num_requests_waiting` through the Prometheus
 * scaler) and of queue consumers. https://keda.sh/docs/2.20/deploy/#helm
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";

/** The KEDA chart: operator, metrics API server and admission webhooks, two replicas each, on the CPU pool. */
export function kedaChart(model: PlatformModel): ChartAppSpec {
  const placement = controlPlacement(model);
  return {
    name: "keda",
    chart: CHARTS.keda,
    namespace: PLATFORM_NAMESPACES.keda,
    // ScaledObject, ScaledJob and TriggerAuthentication CRDs: never pruned.
    ownsCrds: true,
    values: {
      crds: { install: true },
      // The metrics API server serves external.metrics.k8s.io for every HPA KEDA creates: keep it available.
      operator: { replicaCount: 2 },
      metricsServer: { replicaCount: 2 },
      webhooks: { replicaCount: 2 },
      // Per-deployment budgets: kedacore/charts keda/templates/{manager,metrics-server,webhooks}/poddisruptionbudget.yaml
      // read podDisruptionBudget.operator, .metricServer (sic) and .webhooks, each with minAvailable/maxUnavailable.
      podDisruptionBudget: {
        operator: { maxUnavailable: 1 },
        metricServer: { maxUnavailable: 1 },
        webhooks: { maxUnavailable: 1 },
      },
      priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.control,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      prometheus: {
        operator: { enabled: true, serviceMonitor: { enabled: model.observability.metrics === "prometheus" } },
        metricServer: { enabled: true, serviceMonitor: { enabled: model.observability.metrics === "prometheus" } },
      },
    },
  };
}
