/**
 * Grafana dashboards for the GPU pools, provisioned as ConfigMaps that Grafana's dashboard sidecar loads (label
 * `grafana_dashboard: "1"`; https://github.com/grafana/helm-charts/tree/main/charts/grafana#sidecar-for-dashboards).
 * The dashboard JSON is built as an object and serialised: Grafana's model, https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */
import { DCGM_METRICS, KSM_POOL_LABEL } from "../../catalog/index.js";
import type { PlatformModel, PoolModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import type { KubeObject } from "../types.js";
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION } from "./kube-prometheus-stack.js";

/** The Prometheus data source kube-prometheus-stack provisions in Grafana. */
const DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;

/** Grafana folder of the GPU dashboards. */
export const GPU_DASHBOARD_FOLDER = "GPU pools";

interface Panel {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
  readonly type?: "timeseries" | "stat";
}

/** DCGM series of one pool's nodes (joined on the node's pool label). */
function ofPool(metric: string, pool: string, by: string): string {
  return `max by (${by}) (label_replace(${metric}, "node", "$1", "Hostname", "(.+)") * on (node) group_left () kube_node_labels{${KSM_POOL_LABEL}="${pool}"})`;
}

/** The panels of one pool's dashboard. */
export function poolPanels(pool: PoolModel): Panel[] {
  const by = "node, gpu";
  const nodes = `count(kube_node_labels{${KSM_POOL_LABEL}="${pool.name}"})`;
  return [
    { title: "Nodes", expr: nodes, legend: "nodes", unit: "none", type: "stat" },
    {
      title: "On-demand cost of the pool's nodes",
      expr: `${nodes} * ${pool.pricePerHourUSD}`,
      legend: "USD/hour",
      unit: "currencyUSD",
      type: "stat",
    },
    {
      title: "GPU utilisation",
      expr: ofPool(DCGM_METRICS.gpuUtil, pool.name, by),
      legend: "{{node}} GPU {{gpu}}",
      unit: "percent",
    },
    {
      title: "GPU memory used",
      expr: ofPool(DCGM_METRICS.fbUsed, pool.name, `${by}, GPU_I_ID`),
      legend: "{{node}} GPU {{gpu}} {{GPU_I_ID}}",
      unit: "mbytes",
    },
    {
      title: "GPU temperature",
      expr: ofPool(DCGM_METRICS.gpuTemp, pool.name, by),
      legend: "{{node}} GPU {{gpu}}",
      unit: "celsius",
    },
    {
      title: "GPU power",
      expr: ofPool(DCGM_METRICS.powerUsage, pool.name, by),
      legend: "{{node}} GPU {{gpu}}",
      unit: "watt",
    },
    {
      title: "Last XID error",
      expr: ofPool(DCGM_METRICS.xidErrors, pool.name, by),
      legend: "{{node}} GPU {{gpu}}",
      unit: "none",
    },
  ];
}

/** Grafana's dashboard JSON model of one GPU pool. */
export function poolDashboard(pool: PoolModel): Record<string, unknown> {
  const sharing =
    pool.sharing.method === "mig"
      ? `MIG ${pool.sharing.layout.join(" + ")}`
      : pool.sharing.method === "none"
        ? "whole GPUs"
        : `${pool.sharing.method} x${pool.sharing.replicas}`;
  return {
    uid: `gpu-pool-${pool.name}`.slice(0, 40),
    title: `GPU pool ${pool.name}`,
    description: `${pool.instanceTypes.join(", ")} (${pool.gpu?.displayName ?? "GPU"}), ${sharing}`,
    tags: ["eks-ai-platform", "gpu", pool.name],
    schemaVersion: 39,
    editable: false,
    refresh: "1m",
    time: { from: "now-6h", to: "now" },
    templating: { list: [] },
    panels: poolPanels(pool).map((p, i) => ({
      id: i + 1,
      type: p.type ?? "timeseries",
      title: p.title,
      datasource: { ...DATASOURCE },
      gridPos:
        p.type === "stat"
          ? { x: i * 6, y: 0, w: 6, h: 4 }
          : { x: ((i - 2) % 2) * 12, y: 4 + Math.floor((i - 2) / 2) * 8, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: [{ refId: "A", datasource: { ...DATASOURCE }, expr: p.expr, legendFormat: p.legend }],
    })),
  };
}

/** One dashboard ConfigMap per GPU pool, in the monitoring namespace; none without Prometheus or DCGM. */
export function gpuDashboards(model: PlatformModel): KubeObject[] {
  if (model.observability.metrics !== "prometheus" || model.observability.gpuMetrics !== "dcgm") return [];
  return model.pools
    .filter((p) => p.role === "gpu")
    .map((pool) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: `grafana-dashboard-gpu-${pool.name}`,
        namespace: PLATFORM_NAMESPACES.monitoring,
        labels: { ...baseLabels("observability"), [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value },
        annotations: { [GRAFANA_FOLDER_ANNOTATION]: GPU_DASHBOARD_FOLDER },
      },
      data: { [`gpu-pool-${pool.name}.json`]: JSON.stringify(poolDashboard(pool)) },
    }));
}
