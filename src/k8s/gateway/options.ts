/** Options of the in-cluster LLM gateway, with their defaults settled once in `resolveGatewayOptions`. */

/** A model route as the gateway's config file holds it (see docs/gateway.md). */
export interface GatewayRoute {
  name: string;
  endpoints: Array<{
    url: string;
    kind?: "vllm" | "tgi" | "triton" | "openai-compatible";
    model?: string;
    apiKeyEnv?: string;
    apiKeyFile?: string;
    weight?: number;
  }>;
  fallbacks?: string[];
  queueAware?: boolean;
}

/** Options of `renderGateway`. */
export interface GatewayManifestOptions {
  /** Namespace of every object. */
  namespace: string;
  /** Container image, e.g. `registry.example/aiplat-gateway:0.1.0` (built from Dockerfile.gateway). */
  image: string;
  /**
   * Model routes, written to the routes ConfigMap. Unset: the ConfigMap `<name>-routes` is someone else's (the
   * platform's comes from `aiplat render`), mounted as optional, and the egress ports are `upstreamPorts`.
   */
  routes?: readonly GatewayRoute[];
  /** Upstream ports the gateway may reach besides those of `routes`. @default [] */
  upstreamPorts?: readonly number[];
  /** Object names and the `app.kubernetes.io/name` label. @default "aiplat-gateway" */
  name?: string;
  /** Replicas (and the autoscaler's minimum); at least 2. @default 2 */
  replicas?: number;
  /** Autoscaler maximum. @default 10 */
  maxReplicas?: number;
  /** Node selector of the CPU pool. @default { key: "eks-ai-platform/pool", value: "cpu" } */
  poolSelector?: { key: string; value: string };
  /** Tolerations of the pool's taints. @default [] */
  tolerations?: ReadonlyArray<{
    key: string;
    operator?: "Equal" | "Exists";
    value?: string;
    effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  }>;
  /**
   * `hpa` scales on CPU; `keda` scales on in-flight requests read from Prometheus (needs `prometheusUrl`).
   * @default "hpa"
   */
  autoscaler?: "hpa" | "keda";
  /** Prometheus address for the KEDA trigger. @default "http://prometheus-operated.monitoring.svc:9090" */
  prometheusUrl?: string;
  /** Secret holding `teams.yaml` (teams with hashed keys, admin keys), mounted next to the routes. @default "<name>-teams" */
  teamsSecretName?: string;
  /** Secret and key holding the PostgreSQL URL; unset means SQLite on a per-pod emptyDir (usage not shared). */
  databaseUrlSecret?: { name: string; key: string };
  /** Redis URL for limits shared across replicas; unset means per-pod limits. */
  redisUrl?: string;
  /** Namespaces allowed to call the gateway, by label. @default { "eks-ai-platform/gateway-access": "true" } */
  clientNamespaceLabels?: Record<string, string>;
  /** Namespaces allowed to call the gateway, by name (instead of `clientNamespaceLabels`). */
  clientNamespaces?: readonly string[];
  /** Namespace labels of the Prometheus that scrapes the gateway. @default { "kubernetes.io/metadata.name": "monitoring" } */
  monitoringNamespaceLabels?: Record<string, string>;
  /** Container port. @default 8080 */
  port?: number;
  /** CPU and memory requests and limits. @default requests 500m/512Mi, limits 2/1Gi */
  resources?: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
}

/** Options with every default applied. */
export type ResolvedGatewayManifestOptions = Required<
  Omit<GatewayManifestOptions, "databaseUrlSecret" | "redisUrl" | "routes" | "clientNamespaces">
> &
  Pick<GatewayManifestOptions, "databaseUrlSecret" | "redisUrl" | "routes" | "clientNamespaces">;

/** A problem with the options: a stable code, the option's path and what is allowed. */
export interface GatewayOptionsFinding {
  code: string;
  path: string;
  message: string;
}

/** Settles defaults, then checks the options; returns every finding at once. */
export function resolveGatewayOptions(
  o: GatewayManifestOptions,
): { ok: true; options: ResolvedGatewayManifestOptions } | { ok: false; findings: GatewayOptionsFinding[] } {
  const name = o.name ?? "aiplat-gateway";
  const r: ResolvedGatewayManifestOptions = {
    ...o,
    name,
    replicas: o.replicas ?? 2,
    maxReplicas: o.maxReplicas ?? 10,
    upstreamPorts: o.upstreamPorts ?? [],
    poolSelector: o.poolSelector ?? { key: "eks-ai-platform/pool", value: "cpu" },
    tolerations: o.tolerations ?? [],
    autoscaler: o.autoscaler ?? "hpa",
    prometheusUrl: o.prometheusUrl ?? "http://prometheus-operated.monitoring.svc:9090",
    teamsSecretName: o.teamsSecretName ?? `${name}-teams`,
    clientNamespaceLabels: o.clientNamespaceLabels ?? { "eks-ai-platform/gateway-access": "true" },
    monitoringNamespaceLabels: o.monitoringNamespaceLabels ?? { "kubernetes.io/metadata.name": "monitoring" },
    port: o.port ?? 8080,
    resources: o.resources ?? { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } },
  };
  const findings: GatewayOptionsFinding[] = [];
  if (!Number.isInteger(r.replicas) || r.replicas < 2)
    findings.push({
      code: "GWK001",
      path: "replicas",
      message: `replicas must be an integer >= 2 for availability, got ${r.replicas}`,
    });
  if (r.maxReplicas < r.replicas)
    findings.push({
      code: "GWK002",
      path: "maxReplicas",
      message: `maxReplicas (${r.maxReplicas}) is below replicas (${r.replicas})`,
    });
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(r.namespace))
    findings.push({
      code: "GWK003",
      path: "namespace",
      message: `"${r.namespace}" is not a valid namespace name (RFC 1123 label)`,
    });
  if (r.image.length === 0) findings.push({ code: "GWK004", path: "image", message: "image is required" });
  const routes = r.routes ?? [];
  const names = new Set(routes.map((x) => x.name));
  routes.forEach((route, i) => {
    if (route.endpoints.length === 0)
      findings.push({
        code: "GWK005",
        path: `routes[${i}].endpoints`,
        message: `route "${route.name}" has no endpoint`,
      });
    route.fallbacks?.forEach((f, j) => {
      if (!names.has(f))
        findings.push({
          code: "GWK006",
          path: `routes[${i}].fallbacks[${j}]`,
          message: `unknown fallback "${f}"; known: ${[...names].join(", ")}`,
        });
    });
  });
  return findings.length > 0 ? { ok: false, findings } : { ok: true, options: r };
}
