/**
 * Agent -> Deployment (CrewAI, LangGraph or AutoGen) with the OpenAI-compatible base URL and model of each model it
 * calls, OpenTelemetry env (https://opentelemetry.io/docs/specs/otel/protocol/exporter/), a Service, a NetworkPolicy,
 * and for critical agents a PodDisruptionBudget.
 */
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { KubeObject } from "../../k8s/types.js";
import type { PlatformModel } from "../../model/types.js";
import type { Placement } from "../place.js";
import { LLM_GATEWAY_BASE_URL, OTEL_COLLECTOR_ENDPOINT } from "../platform-endpoints.js";
import type { Agent } from "../schema.js";
import { SERVICE_PORT } from "./inference.js";
import {
  containerSecurityContext,
  envList,
  gpuEnv,
  objectMeta,
  podTemplate,
  resources,
  scratch,
  selectorLabels,
} from "./pod.js";

/** Base URL and model name of one model an agent calls. */
function endpoint(m: Agent["spec"]["models"][number], namespace: string): { url: string; model: string } {
  if (m.inferenceService !== undefined)
    return {
      url: `http://${m.inferenceService}.${namespace}.svc.cluster.local:${SERVICE_PORT}/v1`,
      model: m.inferenceService,
    };
  return { url: LLM_GATEWAY_BASE_URL, model: m.gatewayModel! };
}

/**
 * Model env: the first model under the names the OpenAI SDK (`OPENAI_BASE_URL`), LangChain and LiteLLM/CrewAI
 * (`OPENAI_API_BASE`, `OPENAI_MODEL_NAME`) read; every model as `AIPLAT_MODEL_<NAME>_BASE_URL` and `_MODEL`.
 */
export function modelEnv(w: Agent, namespace: string): IEnvVar[] {
  const first = endpoint(w.spec.models[0]!, namespace);
  const env: Record<string, string> = {
    OPENAI_BASE_URL: first.url,
    OPENAI_API_BASE: first.url,
    OPENAI_MODEL_NAME: first.model,
  };
  for (const m of w.spec.models) {
    const e = endpoint(m, namespace);
    const key = m.name.toUpperCase().replace(/-/g, "_");
    env[`AIPLAT_MODEL_${key}_BASE_URL`] = e.url;
    env[`AIPLAT_MODEL_${key}_MODEL`] = e.model;
  }
  const key: IEnvVar = w.spec.apiKeySecret
    ? { name: "OPENAI_API_KEY", valueFrom: { secretKeyRef: { name: w.spec.apiKeySecret, key: "api-key" } } }
    : // The OpenAI SDK refuses to start without a key; in-cluster vLLM and TGI accept any.
      { name: "OPENAI_API_KEY", value: "in-cluster" };
  return [...envList(env), key];
}

function tracingEnv(w: Agent, p: Placement, model: PlatformModel): Record<string, string> {
  if (model.observability.tracing !== "opentelemetry") return {};
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: model.observability.otlpEndpoint ?? OTEL_COLLECTOR_ENDPOINT,
    OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    OTEL_SERVICE_NAME: w.metadata.name,
    OTEL_RESOURCE_ATTRIBUTES: `k8s.namespace.name=${p.namespace},eks-ai-platform.workload-type=${p.workloadType},agent.framework=${w.spec.framework}`,
    // CrewAI sends anonymous usage telemetry to its own endpoint; traces go to the platform's collector instead.
    ...(w.spec.framework === "crewai" ? { CREWAI_DISABLE_TELEMETRY: "true" } : {}),
  };
}

/** The objects of an agent. */
export function renderAgent(w: Agent, p: Placement, model: PlatformModel): KubeObject[] {
  const s = scratch();
  const replicas = w.spec.replicas ?? (w.spec.critical ? 2 : 1);
  const tcp = (period: number) => ({ tcpSocket: { port: "http" }, periodSeconds: period, failureThreshold: 3 });
  const deployment: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(w, p),
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels(w) },
      template: podTemplate(w, p, {
        containers: [
          {
            name: "agent",
            image: w.spec.image,
            ...(w.spec.command ? { command: [...w.spec.command] } : {}),
            ...(w.spec.args.length > 0 ? { args: [...w.spec.args] } : {}),
            ports: [{ name: "http", containerPort: w.spec.port, protocol: "TCP" }],
            env: [
              ...envList({ ...w.spec.env, ...tracingEnv(w, p, model) }),
              ...modelEnv(w, p.namespace),
              ...s.env,
              ...gpuEnv(p),
            ],
            resources: resources(w, p),
            securityContext: containerSecurityContext(),
            readinessProbe: tcp(5),
            livenessProbe: tcp(10),
            volumeMounts: [s.mount],
          },
        ],
        volumes: [s.volume],
      }),
    },
  };
  const service: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(w, p),
    spec: {
      selector: selectorLabels(w),
      ports: [{ name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" }],
    },
  };
  const policy: KubeObject = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta(w, p),
    spec: {
      podSelector: { matchLabels: selectorLabels(w) },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: w.spec.port, protocol: "TCP" }] }],
    },
  };
  const pdb: KubeObject[] = w.spec.critical
    ? [
        {
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: objectMeta(w, p),
          spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(w) } },
        },
      ]
    : [];
  return [deployment, service, ...pdb, policy];
}
