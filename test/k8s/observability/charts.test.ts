/** The observability charts: gp3 storage, cluster-wide monitors, Fluent Bit destinations, the collector's exporter. */
import { describe, expect, it } from "vitest";
import { fluentBitChart, kubePrometheusStackChart, otelCollectorChart } from "../../../src/k8s/observability/index.js";
import { OTEL_COLLECTOR } from "../../../src/k8s/tenancy/platform-namespaces.js";
import { defaultModel, modelOf } from "../../support/platforms.js";

const model = defaultModel();
const variant = (observability: string) =>
  modelOf(`apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  observability: ${observability}\n`);

describe("observability charts", () => {
  it("kube-prometheus-stack: gp3 volumes, every monitor and rule selected, pool label exported", () => {
    const v = kubePrometheusStackChart(model)!.values as Record<string, any>;
    const spec = v.prometheus.prometheusSpec;
    expect(spec.storageSpec.volumeClaimTemplate.spec.storageClassName).toBe("gp3");
    expect(spec.serviceMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(spec.ruleSelectorNilUsesHelmValues).toBe(false);
    expect(v.grafana.persistence.storageClassName).toBe("gp3");
    expect(v["kube-state-metrics"].metricLabelsAllowlist).toEqual(["nodes=[eks-ai-platform/pool]"]);
  });

  it("Fluent Bit: CloudWatch groups of the stack by default, OpenSearch with SigV4 when asked", () => {
    const cw = fluentBitChart(model)!.values as Record<string, any>;
    expect(cw.cloudWatchLogs.enabled).toBe(true);
    expect(cw.cloudWatchLogs.logGroupName).toBe(`/aws/containerinsights/${model.cluster.name}/application`);
    expect(cw.cloudWatchLogs.autoCreateGroup).toBe(false);
    expect(cw.serviceAccount.name).toBe("fluent-bit");
    const os = fluentBitChart(variant("{ logs: opensearch, logsEndpoint: search.example.com }"))!.values as Record<
      string,
      any
    >;
    expect(os.cloudWatchLogs.enabled).toBe(false);
    expect(os.opensearch).toMatchObject({ enabled: true, host: "search.example.com", awsAuth: "On" });
    expect(() => fluentBitChart(variant("{ logs: elasticsearch }"))).toThrow(/logsEndpoint/);
    expect(fluentBitChart(variant("{ logs: none }"))).toBeUndefined();
  });

  it("OpenTelemetry Collector: the service Linkerd expects, X-Ray or OTLP", () => {
    const xray = otelCollectorChart(model)!;
    const v = xray.values as Record<string, any>;
    expect(xray.namespace).toBe(OTEL_COLLECTOR.namespace);
    expect(v.fullnameOverride).toBe(OTEL_COLLECTOR.service);
    expect(v.config.service.pipelines.traces.exporters).toEqual(["awsxray"]);
    const otlp = otelCollectorChart(variant("{ tracingBackend: otlp, otlpEndpoint: tempo:4317 }"))!.values as Record<
      string,
      any
    >;
    expect(otlp.config.exporters).toEqual({ otlp: { endpoint: "tempo:4317" } });
  });
});
