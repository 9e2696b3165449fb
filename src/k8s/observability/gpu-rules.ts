/**
 * GPU alerts from the DCGM exporter (scraped through the GPU Operator's ServiceMonitor): XID errors, temperature,
 * memory near full, whole pools idle for hours (what an idle node of each pool costs is in the annotation), and
 * time-sliced GPUs saturated. DCGM's `Hostname` label is the node name; the pool comes from kube-state-metrics'
 * `kube_node_labels` (the chart allow-lists the pool label). DCGM cannot attribute usage to a pod on a time-sliced GPU
 * (dcgm-exporter #307, #587), so the per-pool view is what the platform can alert on.
 */
import { DCGM_METRICS, KSM_POOL_LABEL } from "../../catalog/index.js";
import type { PlatformModel, PoolModel } from "../../model/index.js";
import type { AlertRule, RuleGroup } from "./rules.js";

/** Thresholds of the GPU alerts. */
export const GPU_ALERT_THRESHOLDS = {
  /** A100 and H100 slow down near 85-90 C (NVIDIA data sheets): warn before, page at the slowdown point. */
  temperatureWarningC: 85,
  temperatureCriticalC: 90,
  /** Fraction of framebuffer memory in use past which the next allocation may fail (OOM on time-sliced GPUs). */
  memoryFullRatio: 0.95,
  /** Average utilisation below which a pool counts as idle, percent. */
  idleUtilPercent: 5,
  /** How long a pool must stay idle before the alert: long enough to ignore gaps between jobs. */
  idleFor: "2h",
  /** Average utilisation above which time-sliced replicas are contending for the GPU, percent. */
  saturatedUtilPercent: 95,
  saturatedFor: "30m",
} as const;

const BY_GPU = "Hostname, gpu, UUID";

/** DCGM metric per node, with the node's pool joined from kube-state-metrics. */
function perNodeOfPool(metric: string, pool: string): string {
  return `avg by (node) (label_replace(${metric}, "node", "$1", "Hostname", "(.+)")) * on (node) group_left (${KSM_POOL_LABEL}) kube_node_labels{${KSM_POOL_LABEL}="${pool}"}`;
}

/** Alerts on every GPU, whatever its pool. */
export function gpuHealthRules(): AlertRule[] {
  const t = GPU_ALERT_THRESHOLDS;
  const memUsed = `sum by (${BY_GPU}, GPU_I_ID) (${DCGM_METRICS.fbUsed})`;
  const memFree = `sum by (${BY_GPU}, GPU_I_ID) (${DCGM_METRICS.fbFree})`;
  return [
    {
      alert: "GpuXidError",
      expr: `max by (${BY_GPU}) (${DCGM_METRICS.xidErrors}) > 0`,
      for: "0m",
      labels: { severity: "critical" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} reported XID {{ $value }}",
        description:
          "XID errors are driver-reported GPU faults (https://docs.nvidia.com/deploy/xid-errors/): 48/63/64/74/79/94/95 usually mean the GPU must be reset or the node drained and replaced.",
      },
    },
    {
      alert: "GpuTemperatureHigh",
      expr: `max by (${BY_GPU}) (${DCGM_METRICS.gpuTemp}) > ${t.temperatureWarningC}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} at {{ $value }} C",
        description: `Above ${t.temperatureWarningC} C for 10 minutes: clocks will throttle near ${t.temperatureCriticalC} C.`,
      },
    },
    {
      alert: "GpuTemperatureCritical",
      expr: `max by (${BY_GPU}) (${DCGM_METRICS.gpuTemp}) > ${t.temperatureCriticalC}`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} at {{ $value }} C",
        description: "The GPU is throttling: drain the node if it persists.",
      },
    },
    {
      alert: "GpuMemoryNearlyFull",
      expr: `(${memUsed} / (${memUsed} + ${memFree})) > ${t.memoryFullRatio}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} memory {{ $value | humanizePercentage }} used",
        description:
          "On a time-sliced GPU no replica's memory is isolated: the next allocation of any pod on it may fail with out-of-memory.",
      },
    },
  ];
}

/** Per-pool alerts: idle for hours (every GPU pool), saturated (time-sliced pools). */
export function gpuPoolRules(pool: PoolModel): AlertRule[] {
  const t = GPU_ALERT_THRESHOLDS;
  const util = perNodeOfPool(DCGM_METRICS.gpuUtil, pool.name);
  const rules: AlertRule[] = [
    {
      alert: "GpuPoolIdle",
      expr: `avg (${util}) < ${t.idleUtilPercent}`,
      for: t.idleFor,
      labels: { severity: "warning", pool: pool.name },
      annotations: {
        summary: `GPU pool ${pool.name} averaged under ${t.idleUtilPercent}% utilisation for ${t.idleFor}`,
        description: `Each ${pool.instanceTypes[0]} node costs $${pool.pricePerHourUSD.toFixed(2)}/hour on demand: check for jobs holding GPUs without using them, lower minNodes, or let the autoscaler remove the nodes.`,
      },
    },
  ];
  if (pool.sharing.method === "time-slicing") {
    rules.push({
      alert: "TimeSlicedGpuSaturated",
      expr: `(${util}) > ${t.saturatedUtilPercent}`,
      for: t.saturatedFor,
      labels: { severity: "warning", pool: pool.name },
      annotations: {
        summary: `Time-sliced node {{ $labels.node }} of ${pool.name} above ${t.saturatedUtilPercent}% for ${t.saturatedFor}`,
        description: `Its ${pool.sharing.replicas} replicas per GPU are contending: each gets less than 1/${pool.sharing.replicas} of the GPU. Move latency-sensitive work to MIG or whole GPUs, or add nodes.`,
      },
    });
  }
  return rules;
}

/** The GPU rule groups of the model: none without GPU pools or without DCGM. */
export function gpuRuleGroups(model: PlatformModel): RuleGroup[] {
  const gpuPools = model.pools.filter((p) => p.role === "gpu");
  if (gpuPools.length === 0 || model.observability.gpuMetrics !== "dcgm") return [];
  return [
    { name: "gpu-health", rules: gpuHealthRules() },
    { name: "gpu-pools", rules: gpuPools.flatMap(gpuPoolRules) },
  ];
}
