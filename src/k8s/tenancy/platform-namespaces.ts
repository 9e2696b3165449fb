/**
 * The namespaces the in-cluster base installs into or points network policies at, and the Pod Security level each
 * needs. One table, so tenancy (which creates the namespaces), network policies (which select them by the
 * immutable `kubernetes.io/metadata.name` label) and the Argo CD Applications agree on the names.
 */
import type { PlatformModel } from "../../model/index.js";

/** Platform namespaces by role. `kube-system` is EKS's own and never rendered as an object. */
export const PLATFORM_NAMESPACES = {
  argocd: "argocd",
  certManager: "cert-manager",
  externalSecrets: "external-secrets",
  linkerd: "linkerd",
  linkerdCni: "linkerd-cni",
  kubeSystem: "kube-system",
  gpuOperator: "gpu-operator",
  /** Prometheus (rendered by the observability component). */
  monitoring: "monitoring",
  /** The OpenTelemetry collector (rendered by the observability component). */
  observability: "observability",
  /** Shared model servers (rendered by the inference component). */
  inference: "inference",
  /** The platform's LLM gateway (rendered by the llm-gateway component when `spec.gateway.enabled`). */
  llmGateway: "llm-gateway",
  /** MLflow tracking server and model registry (rendered by the mlops component). */
  mlops: "mlops",
  /** KEDA (rendered by the autoscaling component). */
  keda: "keda",
  /** Velero (rendered by the backup component). */
  velero: "velero",
  /** Fluent Bit (rendered by the observability component): the AWS stack's Pod Identity association names it. */
  logging: "amazon-cloudwatch",
  /** Kubeflow Trainer v2 and JobSet (rendered by the training component; upstream's namespace). */
  kubeflowSystem: "kubeflow-system",
  /** Training Operator v1 and Katib (rendered by the training component; upstream's namespace). */
  kubeflow: "kubeflow",
} as const;

/** The OpenTelemetry collector that Linkerd proxies export spans to (OTLP gRPC). */
export const OTEL_COLLECTOR = {
  service: "otel-collector",
  namespace: PLATFORM_NAMESPACES.observability,
  grpcPort: 4317,
  serviceAccount: "otel-collector",
  /** `<service>.<namespace>:<port>`, as `proxy.tracing.collector.endpoint` wants it. */
  endpoint: `otel-collector.${PLATFORM_NAMESPACES.observability}:4317`,
} as const;

/** Labels of the Prometheus server pods (prometheus-operator sets `app.kubernetes.io/name: prometheus`). */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "prometheus" };

/** Pod Security Standard levels (kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** A platform namespace the base creates, with the least Pod Security level its pods pass, and why. */
export interface PlatformNamespace {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly reason: string;
  /** Whether workloads here get the Linkerd proxy (when the mesh is on). */
  readonly meshed: boolean;
}

/**
 * Namespaces the base creates besides the teams'. Levels are the least that works:
 * - gpu-operator: `privileged`. The device plugin, GPU feature discovery, MIG manager and DCGM exporter mount host
 *   paths (/var/lib/kubelet/device-plugins, /run/nvidia) and the MIG manager runs privileged to repartition GPUs
 *   (docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/ "Pod Security Admission").
 * - linkerd-cni: `privileged`. The CNI DaemonSet writes the node's CNI config through hostPath volumes, which
 *   `baseline` forbids (linkerd.io/2-edge/features/cni/).
 * - linkerd: `baseline`. With the CNI plugin the control plane needs no NET_ADMIN init container; `restricted` is
 *   audited and warned so a chart change that would pass it is visible before it is enforced.
 * - cert-manager, external-secrets: `restricted`; their charts set non-root, no privilege escalation, all
 *   capabilities dropped and the RuntimeDefault seccomp profile.
 */
export function platformNamespaces(model: PlatformModel): PlatformNamespace[] {
  const out: PlatformNamespace[] = [];
  if (model.pools.some((p) => p.role === "gpu")) {
    out.push({
      name: PLATFORM_NAMESPACES.gpuOperator,
      podSecurity: "privileged",
      reason: "NVIDIA operands mount host paths and the MIG manager runs privileged",
      meshed: false,
    });
  }
  if (needsCertManager(model)) {
    out.push({
      name: PLATFORM_NAMESPACES.certManager,
      podSecurity: "restricted",
      reason: "cert-manager and trust-manager charts are restricted-compliant",
      meshed: false,
    });
  }
  if (model.networking.mesh === "linkerd") {
    out.push(
      {
        name: PLATFORM_NAMESPACES.linkerd,
        podSecurity: "baseline",
        reason: "Linkerd control plane (no NET_ADMIN with the CNI plugin); restricted is warned and audited",
        meshed: false,
      },
      {
        name: PLATFORM_NAMESPACES.linkerdCni,
        podSecurity: "privileged",
        reason: "the Linkerd CNI DaemonSet writes the node's CNI configuration through hostPath",
        meshed: false,
      },
    );
  }
  out.push({
    name: PLATFORM_NAMESPACES.externalSecrets,
    podSecurity: "restricted",
    reason: "External Secrets Operator chart is restricted-compliant",
    meshed: false,
  });
  // Namespaces of platform services other components render: created here, once, so every namespace has one owner
  // (kustomize rejects the same object twice) and exists before the ExternalSecrets and policies that name it.
  if (model.observability.metrics === "prometheus") {
    out.push({
      name: PLATFORM_NAMESPACES.monitoring,
      podSecurity: "privileged",
      reason: "Prometheus node-exporter uses hostNetwork, hostPID and hostPath to read node metrics",
      meshed: false,
    });
  }
  if (model.observability.tracing === "opentelemetry") {
    out.push({
      name: PLATFORM_NAMESPACES.observability,
      podSecurity: "restricted",
      reason: "the OpenTelemetry collector runs as a Deployment (gateway mode) with no host access",
      meshed: true,
    });
  }
  if (model.mlops.tracking === "mlflow" || model.mlops.featureStore === "feast") {
    out.push({
      name: PLATFORM_NAMESPACES.mlops,
      podSecurity: "restricted",
      reason: "MLflow and the Feast feature server run as ordinary non-root Deployments",
      meshed: true,
    });
  }
  out.push({
    name: PLATFORM_NAMESPACES.keda,
    podSecurity: "restricted",
    reason: "the KEDA chart sets restricted security contexts",
    meshed: false,
  });
  if (model.backup.velero.enabled) {
    out.push({
      name: PLATFORM_NAMESPACES.velero,
      podSecurity: "restricted",
      reason: "Velero server and plugin run non-root with restricted contexts (EBS snapshots, no node agent)",
      meshed: false,
    });
  }
  if (model.observability.logs !== "none") {
    out.push({
      name: PLATFORM_NAMESPACES.logging,
      podSecurity: "privileged",
      reason: "the Fluent Bit DaemonSet reads /var/log through hostPath",
      meshed: false,
    });
  }
  // Kubeflow's upstream manifests do not all set restricted security contexts (Katib's MySQL starts as root):
  // baseline is enforced, restricted warned and audited. Webhooks stay unmeshed: the API server calls them.
  out.push({
    name: PLATFORM_NAMESPACES.kubeflowSystem,
    podSecurity: "baseline",
    reason: "Kubeflow Trainer and JobSet upstream manifests; restricted is warned and audited",
    meshed: false,
  });
  if (model.training.tensorflow || model.training.pytorch === "training-operator" || model.training.katib) {
    out.push({
      name: PLATFORM_NAMESPACES.kubeflow,
      podSecurity: "baseline",
      reason: "Training Operator v1 and Katib upstream manifests (Katib's MySQL starts as root)",
      meshed: false,
    });
  }
  out.push({
    name: PLATFORM_NAMESPACES.inference,
    podSecurity: "restricted",
    reason: "model servers need GPUs (extended resources), not host access",
    meshed: true,
  });
  if (model.gateway.enabled)
    out.push({
      name: PLATFORM_NAMESPACES.llmGateway,
      podSecurity: "restricted",
      reason: "the LLM gateway is an ordinary non-root Deployment",
      meshed: true,
    });
  return out;
}

/**
 * cert-manager is installed when something needs certificates: the mesh (identity, webhooks) or the load balancer
 * controller (its webhook certificate, `enableCertManager`).
 */
export function needsCertManager(model: PlatformModel): boolean {
  return model.networking.mesh === "linkerd" || model.networking.ingress === "aws-load-balancer-controller";
}

/** Namespaces Kubernetes and EKS own: the platform never renders them (Argo CD pruning one would be fatal). */
export const BUILT_IN_NAMESPACES: ReadonlySet<string> = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
]);
