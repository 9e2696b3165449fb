/**
 * The OpenTelemetry Collector as a gateway (a Deployment behind the `otel-collector.observability:4317` Service that
 * applications and Linkerd proxies send OTLP to), exporting traces to AWS X-Ray (`awsxray` exporter of the contrib
 * distribution, credentials through Pod Identity) or to the spec's OTLP endpoint.
 * Chart values: https://github.com/open-telemetry/opentelemetry-helm-charts/blob/main/charts/opentelemetry-collector/values.yaml
 * Linkerd: https://linkerd.io/2-edge/tasks/distributed-tracing/
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { OTEL_COLLECTOR } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";
import { onControlPool } from "./placement.js";

/** The collector's trace exporter: `awsxray` or `otlp`, with its settings. */
export function traceExporter(model: PlatformModel): { name: string; config: Record<string, unknown> } {
  if (model.observability.tracingBackend === "xray") {
    return { name: "awsxray", config: { region: model.aws.region } };
  }
  const endpoint = model.observability.otlpEndpoint;
  if (endpoint === undefined) throw new Error("observability.tracingBackend is otlp: set observability.otlpEndpoint");
  return { name: "otlp", config: { endpoint } };
}

/** The collector's configuration: OTLP in, memory limiter and batching, the trace exporter out; traces only. */
export function collectorConfig(model: PlatformModel): Record<string, unknown> {
  const exporter = traceExporter(model);
  return {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `\${env:MY_POD_IP}:${OTEL_COLLECTOR.grpcPort}` },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector expands ${env:...} itself.
          http: { endpoint: "${env:MY_POD_IP}:4318" },
        },
      },
      // The chart's default receivers: null removes them (Helm deletes a key set to null).
      jaeger: null,
      zipkin: null,
      prometheus: null,
    },
    processors: {
      // Refuse data before the pod is OOM-killed; senders retry.
      memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 25 },
      batch: {},
    },
    exporters: { [exporter.name]: exporter.config },
    service: {
      pipelines: {
        traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: [exporter.name] },
        metrics: null,
        logs: null,
      },
    },
  };
}

/** The collector chart, or undefined when `observability.tracing` is `none`. */
export function otelCollectorChart(model: PlatformModel): ChartAppSpec | undefined {
  if (model.observability.tracing !== "opentelemetry") return undefined;
  return {
    name: "opentelemetry-collector",
    chart: CHARTS["opentelemetry-collector"],
    namespace: OTEL_COLLECTOR.namespace,
    ownsCrds: false,
    values: {
      mode: "deployment",
      // The contrib distribution carries the awsxray exporter; the tag defaults to the chart's appVersion.
      image: { repository: "otel/opentelemetry-collector-contrib" },
      // Service and service account `otel-collector`: the names Linkerd's proxies and its mTLS identity expect.
      fullnameOverride: OTEL_COLLECTOR.service,
      serviceAccount: { create: true, name: OTEL_COLLECTOR.serviceAccount },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      ...onControlPool(model),
      priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.control,
      ports: {
        "jaeger-compact": { enabled: false },
        "jaeger-thrift": { enabled: false },
        "jaeger-grpc": { enabled: false },
        zipkin: { enabled: false },
      },
      config: collectorConfig(model),
    },
  };
}
