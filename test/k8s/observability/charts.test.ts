/** The observability charts: gp3 storage, cluster-wide monitors, Fluent Bit destinations, the collector's exporter. */
import { describe, expect, it } from "vitest";
import {
  fluentBitChart,
  kubePrometheusStackChart,
  logIndexPrefix,
  otelCollectorChart,
} from "../../../src/k8s/observability/index.js";
import { OTEL_COLLECTOR } from "../../../src/k8s/tenancy/platform-namespaces.js";
import { defaultModel, modelOf } from "../../support/platforms.js";

const model = defaultModel();
const OS_ENDPOINT = "search-ml-logs-a1b2c3d4e5.eu-west-1.es.amazonaws.com";
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
    expect(cw.opensearch.enabled).toBe(false);
    expect(cw.elasticsearch.enabled).toBe(false);
    expect(fluentBitChart(variant("{ logs: none }"))).toBeUndefined();
  });

  it("Fluent Bit to OpenSearch: SigV4 for the domain's region, daily indices named after the cluster", () => {
    const os = fluentBitChart(variant(`{ logs: opensearch, logsEndpoint: ${OS_ENDPOINT} }`))!.values as Record<
      string,
      any
    >;
    expect(os.cloudWatchLogs.enabled).toBe(false);
    expect(os.additionalOutputs).toBeUndefined();
    expect(os.opensearch).toMatchObject({
      enabled: true,
      host: OS_ENDPOINT,
      port: "443",
      tls: "On",
      awsAuth: "On",
      awsRegion: "eu-west-1",
      logstashFormat: "On",
      logstashPrefix: model.cluster.name,
      // Node logs (journal inputs) as well as container logs.
      match: "*",
    });
    expect(logIndexPrefix(model)).toBe(model.cluster.name);
  });

  it("Fluent Bit to Elasticsearch: no SigV4, and the index naming through extraOutputs (the chart renders no logstash keys there)", () => {
    const es = fluentBitChart(variant("{ logs: elasticsearch, logsEndpoint: logs.example.internal }"))!
      .values as Record<string, any>;
    expect(es.elasticsearch).toMatchObject({ enabled: true, host: "logs.example.internal", awsAuth: "Off" });
    expect(es.elasticsearch.logstashFormat).toBeUndefined();
    expect(es.elasticsearch.extraOutputs.split("\n")).toEqual([
      "Logstash_Format On",
      `Logstash_Prefix ${model.cluster.name}`,
    ]);
    expect(es.opensearch.enabled).toBe(false);
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
