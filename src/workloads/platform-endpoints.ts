/**
 * In-cluster names rendered workloads refer to: where Prometheus, the OpenTelemetry collector and the LLM gateway
 * answer, and the storage classes of checkpoint volumes. They belong to the observability, gateway and storage-class
 * components; kept here in one table until those components export theirs.
 */

import { PLATFORM_GATEWAY } from "../k8s/gateway/platform.js";
import { OTEL_COLLECTOR } from "../k8s/tenancy/platform-namespaces.js";

/** Prometheus query endpoint KEDA's Prometheus scaler reads (kube-prometheus-stack in `monitoring`). */
export const PROMETHEUS_URL = "http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090";

/** Namespace whose Prometheus scrapes ServiceMonitors (allowed through NetworkPolicies to metrics ports). */
export const MONITORING_NAMESPACE = "monitoring";

/** OTLP/gRPC endpoint of the OpenTelemetry collector agents export traces to (the one Linkerd proxies use too). */
export const OTEL_COLLECTOR_ENDPOINT = `http://${OTEL_COLLECTOR.service}.${OTEL_COLLECTOR.namespace}.svc.cluster.local:${OTEL_COLLECTOR.grpcPort}`;

/** OpenAI-compatible base URL of the platform's LLM gateway. */
export const LLM_GATEWAY_BASE_URL = `http://${PLATFORM_GATEWAY.name}.${PLATFORM_GATEWAY.namespace}.svc.cluster.local/v1`;

/** StorageClass names of checkpoint volumes, by the workload's `checkpoint.storageClass`. */
export const CHECKPOINT_STORAGE_CLASSES = { efs: "efs", io2: "io2" } as const;

/** Namespace of the LLM gateway, allowed to call every InferenceService. */
export const GATEWAY_NAMESPACE = PLATFORM_GATEWAY.namespace;

/** PersistentVolumeClaim of the EFS `models` access point in each team namespace, mounted read-only at /models. */
export const MODELS_CLAIM = "efs-models";
