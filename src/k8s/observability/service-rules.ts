/**
 * Alerts for the platform's own services (pods crash-looping, Deployments and StatefulSets short of replicas,
 * volumes filling up, in the platform namespaces) and for inference (queue depth, time to first token, end-to-end
 * latency, KV cache) from the model servers' own metrics (`src/catalog/metrics.ts`).
 */
import { TRITON_METRICS, VLLM_METRICS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { platformNamespaces } from "../tenancy/platform-namespaces.js";
import { type AlertRule, oneOf, type RuleGroup } from "./rules.js";

/** Thresholds of the inference alerts. */
export const INFERENCE_ALERT_THRESHOLDS = {
  /** Waiting requests per model past which users wait on the queue, not the GPU (KEDA should be adding replicas). */
  queueDepth: 20,
  timeToFirstTokenP95Seconds: 2,
  e2eLatencyP95Seconds: 30,
  kvCacheUsage: 0.95,
  /** Average Triton queue time per request, milliseconds. */
  tritonQueueMs: 100,
} as const;

/** Namespaces whose workloads are the platform's services (kube-system included: Karpenter, autoscaler). */
export function platformServiceNamespaces(model: PlatformModel): string[] {
  return [...new Set(["kube-system", ...platformNamespaces(model).map((n) => n.name)])].sort();
}

/** Alerts on the platform's services. */
export function platformServiceRules(model: PlatformModel): AlertRule[] {
  const ns = `namespace=~"${oneOf(platformServiceNamespaces(model))}"`;
  return [
    {
      alert: "PlatformPodCrashLooping",
      expr: `max by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{${ns}}[15m])) > 3`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: {
        summary: "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) restarts repeatedly",
        description: "A platform service restarted more than 3 times in 15 minutes.",
      },
    },
    {
      alert: "PlatformDeploymentUnavailable",
      expr: `max by (namespace, deployment) (kube_deployment_spec_replicas{${ns}}) > max by (namespace, deployment) (kube_deployment_status_replicas_available{${ns}})`,
      for: "15m",
      labels: { severity: "critical" },
      annotations: {
        summary: "{{ $labels.namespace }}/{{ $labels.deployment }} is short of available replicas",
        description: "A platform Deployment has had fewer available replicas than desired for 15 minutes.",
      },
    },
    {
      alert: "PlatformStatefulSetUnavailable",
      expr: `max by (namespace, statefulset) (kube_statefulset_replicas{${ns}}) > max by (namespace, statefulset) (kube_statefulset_status_replicas_ready{${ns}})`,
      for: "15m",
      labels: { severity: "critical" },
      annotations: {
        summary: "{{ $labels.namespace }}/{{ $labels.statefulset }} is short of ready replicas",
        description: "Prometheus, Alertmanager or MLflow's database may be down.",
      },
    },
    {
      alert: "PlatformVolumeFillingUp",
      expr: `min by (namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}}) < 0.1`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "{{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has under 10% free",
        description: "Grow the gp3 volume (volume expansion is on) before the service stops writing.",
      },
    },
  ];
}

/** Alerts on model servers, in any namespace. */
export function inferenceRules(): AlertRule[] {
  const t = INFERENCE_ALERT_THRESHOLDS;
  const p95 = (histogram: string) =>
    `histogram_quantile(0.95, sum by (namespace, model_name, le) (rate(${histogram}_bucket[5m])))`;
  return [
    {
      alert: "InferenceQueueBacklog",
      expr: `sum by (namespace, model_name) (${VLLM_METRICS.requestsWaiting}) > ${t.queueDepth}`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: {
        summary: "{{ $value }} requests waiting for {{ $labels.model_name }} in {{ $labels.namespace }}",
        description: "Replicas are not keeping up: check the KEDA ScaledObject's maxReplicas and the pool's free GPUs.",
      },
    },
    {
      alert: "InferenceTimeToFirstTokenHigh",
      expr: `${p95(VLLM_METRICS.timeToFirstToken)} > ${t.timeToFirstTokenP95Seconds}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "p95 time to first token of {{ $labels.model_name }} is {{ $value }}s",
        description: `Above ${t.timeToFirstTokenP95Seconds}s for 10 minutes: prefill is queueing or the GPU is shared too thinly.`,
      },
    },
    {
      alert: "InferenceLatencyHigh",
      expr: `${p95(VLLM_METRICS.e2eLatency)} > ${t.e2eLatencyP95Seconds}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "p95 request latency of {{ $labels.model_name }} is {{ $value }}s",
        description: `Above ${t.e2eLatencyP95Seconds}s for 10 minutes.`,
      },
    },
    {
      alert: "InferenceKvCacheNearlyFull",
      expr: `max by (namespace, model_name) (${VLLM_METRICS.kvCacheUsage}) > ${t.kvCacheUsage}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "KV cache of {{ $labels.model_name }} is {{ $value | humanizePercentage }} full",
        description: "vLLM preempts requests when the KV cache is full: add replicas or raise the memory budget.",
      },
    },
    {
      alert: "TritonQueueTimeHigh",
      expr: `(sum by (namespace, model) (rate(${TRITON_METRICS.queueDurationUs}[5m])) / sum by (namespace, model) (rate(${TRITON_METRICS.requestSuccess}[5m]))) / 1000 > ${t.tritonQueueMs}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Triton model {{ $labels.model }} requests wait {{ $value }}ms in the queue",
        description: `Average queue time above ${t.tritonQueueMs}ms for 10 minutes.`,
      },
    },
  ];
}

/** The platform-service and inference rule groups. */
export function serviceRuleGroups(model: PlatformModel): RuleGroup[] {
  return [
    { name: "platform-services", rules: platformServiceRules(model) },
    { name: "inference", rules: inferenceRules() },
  ];
}
