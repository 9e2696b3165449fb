/**
 * The `observability` component: metrics (kube-prometheus-stack, GPU/service/inference PrometheusRules, GPU pool
 * dashboards), logs (Fluent Bit) and traces (OpenTelemetry Collector gateway).
 */
import type { PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import type { ComponentManifests } from "../types.js";
import { gpuDashboards } from "./dashboards.js";
import { fluentBitChart } from "./fluent-bit.js";
import { gpuRuleGroups } from "./gpu-rules.js";
import { kubePrometheusStackChart } from "./kube-prometheus-stack.js";
import { otelCollectorChart } from "./otel-collector.js";
import { prometheusRule } from "./rules.js";
import { serviceRuleGroups } from "./service-rules.js";

export * from "./dashboards.js";
export * from "./fluent-bit.js";
export * from "./gpu-rules.js";
export * from "./kube-prometheus-stack.js";
export * from "./log-retention.js";
export * from "./otel-collector.js";
export * from "./placement.js";
export * from "./rules.js";
export * from "./service-rules.js";

/** Component (folder) name. */
export const OBSERVABILITY_COMPONENT = "observability";

/** The observability manifests (rules and dashboards, when Prometheus is on) and charts. */
export function renderObservability(model: PlatformModel): { manifests: ComponentManifests; charts: ChartAppSpec[] } {
  const prometheus = model.observability.metrics === "prometheus";
  const gpuGroups = gpuRuleGroups(model);
  const files = prometheus
    ? [
        {
          name: "gpu-rules",
          objects: gpuGroups.length > 0 ? [prometheusRule("gpu", OBSERVABILITY_COMPONENT, gpuGroups)] : [],
        },
        {
          name: "service-rules",
          objects: [prometheusRule("platform-services", OBSERVABILITY_COMPONENT, serviceRuleGroups(model))],
        },
        { name: "gpu-dashboards", objects: gpuDashboards(model) },
      ]
    : [];
  const charts = [kubePrometheusStackChart(model), fluentBitChart(model), otelCollectorChart(model)].filter(
    (c): c is ChartAppSpec => c !== undefined,
  );
  return { manifests: { component: OBSERVABILITY_COMPONENT, files }, charts };
}
