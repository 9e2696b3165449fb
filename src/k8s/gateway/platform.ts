/**
 * The platform's own LLM gateway (`spec.gateway`): `renderGateway` with the platform's names, pool, secrets and
 * tenants. One owner per object:
 * - synth renders the Deployment, Service, PDB, autoscaler, NetworkPolicy and ServiceMonitor (`k8s/llm-gateway/`);
 * - `aiplat render` renders the routes ConfigMap `llm-gateway-routes` from the InferenceServices; the Deployment
 *   mounts it as optional, so the gateway starts (with no model) before any workload is rendered;
 * - the teams file (hashed keys, limits) and the PostgreSQL URL come from Secrets Manager through External Secrets
 *   (`k8s/secrets/`), never from the repository.
 */
import { IMAGES } from "../../catalog/index.js";
import { type ComponentModel, LABELS, type PlatformModel } from "../../model/index.js";
import { controlPool } from "../base-placement.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import type { ComponentManifests } from "../types.js";
import { renderGateway } from "./index.js";
import type { GatewayManifestOptions } from "./options.js";

/** Name and namespace of the platform's gateway (its Service answers `http://llm-gateway.llm-gateway.svc/v1`). */
export const PLATFORM_GATEWAY = { name: "llm-gateway", namespace: PLATFORM_NAMESPACES.llmGateway } as const;

/** The Service port of every InferenceService the gateway routes to (the workloads' Services listen on it). */
export const INFERENCE_SERVICE_PORT = 80;

/** Secrets the gateway reads, as External Secrets renders them: Kubernetes name, key, Secrets Manager name. */
export const GATEWAY_SECRETS = {
  teams: { name: "llm-gateway-teams", key: "teams.yaml", remoteKey: "llm-gateway/teams" },
  database: { name: "llm-gateway-db", key: "url", remoteKey: "llm-gateway/database" },
} as const;

/** The gateway's image: the spec's, else the one Dockerfile.gateway builds for this aiplat version. */
export function gatewayImage(model: PlatformModel): string {
  return model.gateway.image ?? IMAGES.gateway;
}

/** `renderGateway`'s options for the platform. */
export function platformGatewayOptions(model: PlatformModel): GatewayManifestOptions {
  const g = model.gateway;
  const pool = controlPool(model);
  return {
    name: PLATFORM_GATEWAY.name,
    namespace: PLATFORM_GATEWAY.namespace,
    image: gatewayImage(model),
    replicas: g.replicas,
    maxReplicas: g.maxReplicas,
    autoscaler: g.autoscaler,
    // The platform services' pool (the CPU pool by default), never a GPU node.
    poolSelector: { key: LABELS.pool, value: pool.name },
    tolerations: pool.tolerations.map((t) => ({ ...t })),
    teamsSecretName: GATEWAY_SECRETS.teams.name,
    ...(g.database === "postgres"
      ? { databaseUrlSecret: { name: GATEWAY_SECRETS.database.name, key: GATEWAY_SECRETS.database.key } }
      : {}),
    ...(g.redisUrl ? { redisUrl: g.redisUrl } : {}),
    // The InferenceServices' port, and 443 for external OpenAI-compatible endpoints.
    upstreamPorts: [INFERENCE_SERVICE_PORT, 443],
    // Agents and applications run in team namespaces.
    clientNamespaces: [...new Set(model.namespaces.filter((n) => n.team !== undefined).map((n) => n.name))],
    monitoringNamespaceLabels: { "kubernetes.io/metadata.name": PLATFORM_NAMESPACES.monitoring },
  };
}

/** The `llm-gateway` component, or undefined when the spec turns the gateway off. */
export function renderPlatformGateway(model: PlatformModel): ComponentManifests | undefined {
  if (!model.gateway.enabled) return undefined;
  const r = renderGateway(platformGatewayOptions(model));
  // The spec's schema already bounds every option renderGateway checks; a finding here is a bug of ours.
  if (!r.ok) throw new Error(`gateway options: ${r.findings.map((f) => `${f.path}: ${f.message}`).join("; ")}`);
  return { ...r.manifests, component: PLATFORM_GATEWAY.name };
}

/** The gateway as a component row (image tag as its version), or none when it is off. */
export function gatewayComponents(model: PlatformModel): ComponentModel[] {
  if (!model.gateway.enabled) return [];
  const image = gatewayImage(model);
  const at = image.lastIndexOf(":");
  return [
    {
      name: PLATFORM_GATEWAY.name,
      namespace: PLATFORM_GATEWAY.namespace,
      version: at > image.lastIndexOf("/") ? image.slice(at + 1) : image,
      reason: "OpenAI-compatible endpoint for the InferenceServices: team keys, limits, usage, prompts",
    },
  ];
}

/** SUMMARY.md's note on the gateway: its URL and what must exist before it serves (image, teams, database URL). */
export function gatewaySummaryLines(model: PlatformModel): string[] {
  if (!model.gateway.enabled) return [];
  const prefix = model.security.secrets.prefix;
  const { teams, database } = GATEWAY_SECRETS;
  const steps = [
    ...(model.gateway.image === undefined
      ? [
          `build \`Dockerfile.gateway\` and push it where the nodes pull from, then set \`spec.gateway.image\` (now \`${IMAGES.gateway}\`, which no registry hosts)`,
        ]
      : []),
    `put the teams file (teams, hashed keys, limits: docs/gateway.md) in Secrets Manager \`${prefix}${teams.remoteKey}\`, property \`${teams.key}\``,
    ...(model.gateway.database === "postgres"
      ? [`put the PostgreSQL URL in Secrets Manager \`${prefix}${database.remoteKey}\`, property \`${database.key}\``]
      : []),
  ];
  return [
    `> LLM gateway: \`http://${PLATFORM_GATEWAY.name}.${PLATFORM_GATEWAY.namespace}.svc.cluster.local/v1\` for the team namespaces; its routes are the ConfigMap \`${PLATFORM_GATEWAY.name}-routes\` that \`aiplat render\` writes from the InferenceServices (the gateway applies a changed ConfigMap or teams Secret within about a minute, without a restart). Before it serves: ${steps.join("; ")}.`,
  ];
}
