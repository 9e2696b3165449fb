/**
 * InferenceService -> Deployment (vLLM, Triton or TGI with its real arguments, ports and probes), Service,
 * PodDisruptionBudget, ServiceMonitor, NetworkPolicy, KEDA ScaledObject on the server's queue metric when autoscaled,
 * and an ALB Ingress or NLB Service per exposure. Server facts come from `catalog/serving.ts`. Load balancer
 * annotations: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/ and
 * .../guide/service/annotations/. KEDA Prometheus scaler: https://keda.sh/docs/latest/scalers/prometheus/.
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import { AWS_CLI_IMAGE, MODEL_SERVER_FACTS } from "../../catalog/serving.js";
import { INFERENCE_SERVICE_PORT } from "../../k8s/gateway/platform.js";
import type { KubeObject } from "../../k8s/types.js";
import { GPU_RESOURCE } from "../../model/capacity.js";
import type { PlatformModel } from "../../model/types.js";
import type { Placement } from "../place.js";
import { GATEWAY_NAMESPACE, MODELS_CLAIM, MONITORING_NAMESPACE, PROMETHEUS_URL } from "../platform-endpoints.js";
import type { InferenceService } from "../schema.js";
import {
  containerSecurityContext,
  gpuEnv,
  objectMeta,
  podTemplate,
  resources,
  scratch,
  selectorLabels,
  shm,
} from "./pod.js";

/** The Service port every InferenceService answers on (agents call `http://<name>.<namespace>.svc/v1`). */
export const SERVICE_PORT = INFERENCE_SERVICE_PORT;

/** Where the model is inside the pod, and the volumes and init container that put it there. */
function modelSource(w: InferenceService): {
  path: string;
  volumes: IVolume[];
  mounts: IVolumeMount[];
  init: IContainer[];
} {
  const src = w.spec.model.source;
  if (!src.startsWith("s3://"))
    return {
      path: src,
      volumes: [{ name: "models", persistentVolumeClaim: { claimName: MODELS_CLAIM, readOnly: true } }],
      mounts: [{ name: "models", mountPath: "/models", readOnly: true }],
      init: [],
    };
  const path = `/models/${servedName(w)}`;
  const mount = { name: "models", mountPath: "/models" };
  const s = scratch();
  return {
    path,
    volumes: [{ name: "models", emptyDir: {} }],
    mounts: [{ ...mount, readOnly: true }],
    init: [
      {
        name: "fetch-model",
        image: AWS_CLI_IMAGE,
        command: ["aws", "s3", "sync", "--only-show-errors", src, path],
        env: s.env,
        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } },
        securityContext: containerSecurityContext(),
        volumeMounts: [mount, s.mount],
      },
    ],
  };
}

function servedName(w: InferenceService): string {
  return w.spec.model.name ?? w.metadata.name;
}

/** The server's arguments: model, port, GPU memory cap and parallelism as each server spells them. */
export function serverArgs(w: InferenceService, p: Placement, modelPath: string): string[] {
  const f = MODEL_SERVER_FACTS[w.spec.server];
  const gpus = p.gpu?.resource === GPU_RESOURCE ? p.gpu.quantity : 1;
  const cap = p.gpu?.enforcement;
  switch (w.spec.server) {
    case "vllm":
      return [
        modelPath,
        "--served-model-name",
        servedName(w),
        "--host",
        "0.0.0.0",
        "--port",
        String(f.httpPort),
        "--gpu-memory-utilization",
        String(cap?.fraction ?? 0.9),
        ...(gpus > 1 ? ["--tensor-parallel-size", String(gpus)] : []),
        ...w.spec.extraArgs,
      ];
    case "tgi":
      return [
        "--model-id",
        modelPath,
        "--hostname",
        "0.0.0.0",
        "--port",
        String(f.httpPort),
        ...(cap?.method === "server-flag" ? ["--cuda-memory-fraction", String(cap.fraction)] : []),
        ...(gpus > 1 ? ["--num-shard", String(gpus)] : []),
        ...w.spec.extraArgs,
      ];
    case "triton":
      return [
        `--model-repository=${modelPath}`,
        `--http-port=${f.httpPort}`,
        "--grpc-port=8001",
        `--metrics-port=${f.metricsPort}`,
        ...w.spec.extraArgs,
      ];
  }
}

function ports(w: InferenceService) {
  const f = MODEL_SERVER_FACTS[w.spec.server];
  return [
    { name: "http", containerPort: f.httpPort, protocol: "TCP" as const },
    ...(w.spec.server === "triton" ? [{ name: "grpc", containerPort: 8001, protocol: "TCP" as const }] : []),
    ...(f.metricsPort === f.httpPort
      ? []
      : [{ name: "metrics", containerPort: f.metricsPort, protocol: "TCP" as const }]),
  ];
}

/** The objects of an inference service. */
export function renderInference(w: InferenceService, p: Placement, model: PlatformModel): KubeObject[] {
  const f = MODEL_SERVER_FACTS[w.spec.server];
  const src = modelSource(w);
  const s = scratch();
  const m = shm();
  const replicas = w.spec.autoscaling?.minReplicas ?? w.spec.replicas;
  const probe = (path: string, period: number, failures: number) => ({
    httpGet: { path, port: "http" },
    periodSeconds: period,
    failureThreshold: failures,
  });
  const server: IContainer = {
    name: "server",
    image: f.image,
    command: [...f.command],
    args: serverArgs(w, p, src.path),
    ports: ports(w),
    env: [...s.env, ...gpuEnv(p)],
    resources: resources(w, p),
    securityContext: containerSecurityContext(),
    // Loading a large model takes minutes: the startup probe allows 15, liveness starts after it.
    startupProbe: probe(f.readinessPath, 10, 90),
    livenessProbe: probe(f.livenessPath, 10, 3),
    readinessProbe: probe(f.readinessPath, 5, 3),
    volumeMounts: [...src.mounts, s.mount, m.mount],
  };
  const deployment: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(w, p),
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels(w) },
      // A surge pod needs a free GPU unit; never drop below the desired replicas while rolling.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: podTemplate(w, p, {
        initContainers: src.init,
        containers: [server],
        volumes: [...src.volumes, s.volume, m.volume],
        terminationGracePeriodSeconds: 60,
      }),
    },
  };
  const metricsPortName = f.metricsPort === f.httpPort ? "http" : "metrics";
  const nlb = w.spec.exposure === "nlb";
  const service: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      ...objectMeta(w, p),
      ...(nlb
        ? {
            annotations: {
              "service.beta.kubernetes.io/aws-load-balancer-type": "external",
              "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
              "service.beta.kubernetes.io/aws-load-balancer-scheme": model.networking.ingressScheme,
            },
          }
        : {}),
    },
    spec: {
      ...(nlb ? { type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" } : { type: "ClusterIP" }),
      selector: selectorLabels(w),
      ports: [
        { name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" as const },
        ...(w.spec.server === "triton"
          ? [{ name: "grpc", port: 8001, targetPort: "grpc", protocol: "TCP" as const }]
          : []),
        ...(metricsPortName === "metrics"
          ? [{ name: "metrics", port: f.metricsPort, targetPort: "metrics", protocol: "TCP" as const }]
          : []),
      ],
    },
  };
  const pdb: KubeObject = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: objectMeta(w, p),
    // maxUnavailable, not minAvailable: a one-replica service must still let a node drain.
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(w) } },
  };
  const monitor: KubeObject = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: objectMeta(w, p),
    spec: {
      selector: { matchLabels: selectorLabels(w) },
      endpoints: [{ port: metricsPortName, path: f.metricsPath, interval: "15s" }],
    },
  };
  return [
    deployment,
    service,
    pdb,
    monitor,
    networkPolicy(w, p, model, metricsPortName),
    ...(w.spec.autoscaling ? [scaledObject(w, p)] : []),
    ...(w.spec.exposure.endsWith("-alb") ? [ingress(w, p)] : []),
  ];
}

function networkPolicy(w: InferenceService, p: Placement, model: PlatformModel, metricsPort: string): KubeObject {
  const f = MODEL_SERVER_FACTS[w.spec.server];
  const api = [
    { port: f.httpPort, protocol: "TCP" as const },
    ...(w.spec.server === "triton" ? [{ port: 8001, protocol: "TCP" as const }] : []),
  ];
  const ns = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
  const team = model.teams.find((t) => t.namespaces.includes(p.namespace));
  const callers = [
    GATEWAY_NAMESPACE,
    ...(team?.allowFrom ?? []).flatMap((t) => model.teams.find((x) => x.name === t)?.namespaces ?? []),
  ];
  const external = w.spec.exposure !== "cluster";
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta(w, p),
    spec: {
      podSelector: { matchLabels: selectorLabels(w) },
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ podSelector: {} }, ...callers.map(ns)], ports: api },
        {
          from: [ns(MONITORING_NAMESPACE)],
          ports: [{ port: metricsPort === "http" ? f.httpPort : f.metricsPort, protocol: "TCP" as const }],
        },
        // Load balancers in IP target mode connect from their addresses inside the VPC.
        ...(external ? [{ from: [{ ipBlock: { cidr: model.networking.vpcCidr } }], ports: api }] : []),
      ],
    },
  };
}

/** PromQL of each server's queue signal over this service's pods, and how KEDA compares it. */
function queueQuery(w: InferenceService, namespace: string): { query: string; threshold: number; metricType?: string } {
  const sel = `{namespace="${namespace}",service="${w.metadata.name}"}`;
  const t = w.spec.autoscaling?.queueThreshold;
  switch (w.spec.server) {
    case "vllm":
      return { query: `sum(vllm:num_requests_waiting${sel})`, threshold: t ?? 5 };
    case "tgi":
      return { query: `sum(tgi_queue_size${sel})`, threshold: t ?? 5 };
    case "triton":
      // Cumulative queue time per successful request: the average wait, compared as a value, not per replica.
      return {
        query: `sum(rate(nv_inference_queue_duration_us${sel}[1m])) / clamp_min(sum(rate(nv_inference_request_success${sel}[1m])), 1)`,
        threshold: t ?? 50_000,
        metricType: "Value",
      };
  }
}

function scaledObject(w: InferenceService, p: Placement): KubeObject {
  const a = w.spec.autoscaling!;
  const q = queueQuery(w, p.namespace);
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: objectMeta(w, p),
    spec: {
      scaleTargetRef: { name: w.metadata.name },
      minReplicaCount: a.minReplicas,
      maxReplicaCount: Math.max(a.maxReplicas, a.minReplicas),
      // A new replica loads its model for minutes: scale down slowly so it is not thrown away at once.
      cooldownPeriod: 600,
      triggers: [
        {
          type: "prometheus",
          ...(q.metricType ? { metricType: q.metricType } : {}),
          metadata: { serverAddress: PROMETHEUS_URL, query: q.query, threshold: String(q.threshold) },
        },
      ],
    },
  };
}

function ingress(w: InferenceService, p: Placement): KubeObject {
  const f = MODEL_SERVER_FACTS[w.spec.server];
  const scheme = w.spec.exposure === "internet-facing-alb" ? "internet-facing" : "internal";
  const tls = scheme === "internet-facing" && w.spec.host !== undefined;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      ...objectMeta(w, p),
      annotations: {
        "alb.ingress.kubernetes.io/scheme": scheme,
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/healthcheck-path": f.readinessPath,
        // Internet-facing with a host: HTTPS only, the certificate discovered in ACM by host name.
        "alb.ingress.kubernetes.io/listen-ports": tls ? '[{"HTTPS":443}]' : '[{"HTTP":80}]',
      },
    },
    spec: {
      ingressClassName: "alb",
      rules: [
        {
          ...(w.spec.host ? { host: w.spec.host } : {}),
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: w.metadata.name, port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    },
  };
}
