/** Alert rules: PromQL-shaped (balanced brackets, known functions), naming real DCGM and vLLM metrics. */
import { describe, expect, it } from "vitest";
import { DCGM_METRICS, TRITON_METRICS, VLLM_METRICS } from "../../../src/catalog/index.js";
import { gpuRuleGroups, renderObservability, serviceRuleGroups } from "../../../src/k8s/observability/index.js";
import { defaultModel, modelOf } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";

const model = defaultModel();
const KNOWN_METRICS = new Set<string>([
  ...Object.values(DCGM_METRICS),
  ...Object.values(VLLM_METRICS),
  ...Object.values(TRITON_METRICS),
  "kube_node_labels",
  "kube_pod_container_status_restarts_total",
  "kube_deployment_spec_replicas",
  "kube_deployment_status_replicas_available",
  "kube_statefulset_replicas",
  "kube_statefulset_status_replicas_ready",
  "kubelet_volume_stats_available_bytes",
  "kubelet_volume_stats_capacity_bytes",
]);
const FUNCTIONS = new Set([
  "max",
  "min",
  "sum",
  "avg",
  "count",
  "rate",
  "increase",
  "label_replace",
  "histogram_quantile",
  "time",
]);
const KEYWORDS = new Set(["by", "on", "group_left", "and", "or", "unless"]);

/** Checks the PromQL shape and returns the metric names an expression uses. */
function metricsOf(expr: string): string[] {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  let inString = false;
  for (const ch of expr) {
    if (ch === '"') inString = !inString;
    if (inString) continue;
    if ("([{".includes(ch)) stack.push(ch);
    if (")]}".includes(ch)) expect(stack.pop(), expr).toBe(pairs[ch]);
  }
  expect(stack, expr).toEqual([]);
  expect(inString, expr).toBe(false);
  // Identifiers outside strings, label matchers and grouping lists.
  const bare = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, "")
    .replace(/\b(by|on|group_left)\s*\([^)]*\)/g, "$1")
    .replace(/\[[^\]]*\]/g, "");
  // Histogram series are the metric name plus `_bucket`.
  const words = (bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).map((w) =>
    KNOWN_METRICS.has(w.replace(/_bucket$/, "")) ? w.replace(/_bucket$/, "") : w,
  );
  for (const w of words)
    if (!KNOWN_METRICS.has(w)) expect(FUNCTIONS.has(w) || KEYWORDS.has(w), `${w} in ${expr}`).toBe(true);
  return words.filter((w) => KNOWN_METRICS.has(w));
}

describe("observability rules", () => {
  const gpu = gpuRuleGroups(model).flatMap((g) => g.rules);
  const services = serviceRuleGroups(model).flatMap((g) => g.rules);

  it("every expression is PromQL-shaped and names only known metrics", () => {
    for (const r of [...gpu, ...services]) expect(metricsOf(r.expr).length, r.alert).toBeGreaterThan(0);
  });

  it("covers XID, temperature, memory near full, idle pools and saturated time-slicing with real DCGM fields", () => {
    const uses = (alert: string, metric: string) =>
      gpu.filter((r) => r.alert === alert).every((r) => metricsOf(r.expr).includes(metric));
    expect(uses("GpuXidError", DCGM_METRICS.xidErrors)).toBe(true);
    expect(uses("GpuTemperatureHigh", DCGM_METRICS.gpuTemp)).toBe(true);
    expect(uses("GpuMemoryNearlyFull", DCGM_METRICS.fbUsed) && uses("GpuMemoryNearlyFull", DCGM_METRICS.fbFree)).toBe(
      true,
    );
    const gpuPools = model.pools.filter((p) => p.role === "gpu");
    expect(gpu.filter((r) => r.alert === "GpuPoolIdle").map((r) => r.labels.pool)).toEqual(gpuPools.map((p) => p.name));
    expect(gpu.filter((r) => r.alert === "TimeSlicedGpuSaturated").map((r) => r.labels.pool)).toEqual(
      gpuPools.filter((p) => p.sharing.method === "time-slicing").map((p) => p.name),
    );
    expect(uses("GpuPoolIdle", DCGM_METRICS.gpuUtil)).toBe(true);
  });

  it("alerts on inference queue depth and latency", () => {
    const all = services.map((r) => r.expr).join("\n");
    expect(all).toContain(VLLM_METRICS.requestsWaiting);
    expect(all).toContain(`${VLLM_METRICS.timeToFirstToken}_bucket`);
  });

  it("renders schema-valid PrometheusRules and dashboards with the sidecar label", () => {
    const objects = renderObservability(model).manifests.files.flatMap((f) => f.objects);
    for (const o of objects) expectValid(o);
    const dashboards = objects.filter((o) => o.kind === "ConfigMap");
    expect(dashboards).toHaveLength(model.pools.filter((p) => p.role === "gpu").length);
    for (const d of dashboards) {
      expect(d.metadata.labels?.grafana_dashboard).toBe("1");
      for (const json of Object.values(d.data as Record<string, string>))
        expect(JSON.parse(json).panels.length).toBeGreaterThan(0);
    }
  });

  it("renders no GPU rules or dashboards without GPU pools, and nothing without Prometheus", () => {
    const cpuOnly = modelOf(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: t }\nspec:\n  teams: [{ name: a }]\n  nodePools:\n    cpu: { instanceTypes: [m5.2xlarge], workloadTypes: [control, mlops, agents, research] }\n",
    );
    expect(gpuRuleGroups(cpuOnly)).toEqual([]);
    const none = modelOf(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  observability: { metrics: none }\n",
    );
    expect(renderObservability(none).manifests.files).toEqual([]);
  });
});
