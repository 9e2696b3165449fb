/** The gateway's Deployment (CPU pool, restricted Pod Security), its PodDisruptionBudget and its autoscaler. */

import type { IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { restrictedContainerSecurityContext } from "../security-context.js";
import type { ResolvedGatewayManifestOptions } from "./options.js";

/** Labels every gateway object carries; the first two select its pods. */
export function gatewayLabels(o: ResolvedGatewayManifestOptions): Record<string, string> {
  return {
    "app.kubernetes.io/name": o.name,
    "app.kubernetes.io/component": "llm-gateway",
    "app.kubernetes.io/part-of": "eks-ai-platform",
  };
}

/** The pod selector of the gateway. */
export function gatewaySelector(o: ResolvedGatewayManifestOptions): Record<string, string> {
  return { "app.kubernetes.io/name": o.name, "app.kubernetes.io/component": "llm-gateway" };
}

/** Where the routes ConfigMap and the teams Secret are mounted. */
export const CONFIG_DIR = "/etc/aiplat-gateway";

/** The Deployment: 2+ replicas spread over zones and nodes of the CPU pool, non-root with a read-only root filesystem. */
export function gatewayDeployment(o: ResolvedGatewayManifestOptions): IDeployment {
  const labels = gatewayLabels(o);
  const db = o.databaseUrlSecret ? "$(AIPLAT_GATEWAY_DB)" : "sqlite:/var/lib/aiplat-gateway/usage.db";
  const args = [
    "serve",
    "gateway",
    "--config",
    ...(o.routes
      ? [`${CONFIG_DIR}/routes/routes.json`, `${CONFIG_DIR}/teams/teams.yaml`]
      : [`${CONFIG_DIR}/teams/teams.yaml`, "--optional-config", `${CONFIG_DIR}/routes/routes.json`]),
    "--host",
    "0.0.0.0",
    "--port",
    String(o.port),
    "--db",
    db,
    ...(o.redisUrl ? ["--redis", o.redisUrl] : []),
  ];
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: o.name, namespace: o.namespace, labels },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: gatewaySelector(o) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels, annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(o.port) } },
        spec: {
          nodeSelector: { [o.poolSelector.key]: o.poolSelector.value },
          ...(o.tolerations.length > 0 ? { tolerations: o.tolerations.map((t) => ({ ...t })) } : {}),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          // Long enough for in-flight streams and the final usage flush after SIGTERM.
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: "RuntimeDefault" },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: gatewaySelector(o) },
            },
            {
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "DoNotSchedule",
              labelSelector: { matchLabels: gatewaySelector(o) },
            },
          ],
          containers: [
            {
              name: "gateway",
              image: o.image,
              imagePullPolicy: "IfNotPresent",
              args,
              ports: [{ name: "http", containerPort: o.port, protocol: "TCP" }],
              env: [
                { name: "NODE_ENV", value: "production" },
                ...(o.databaseUrlSecret
                  ? [
                      {
                        name: "AIPLAT_GATEWAY_DB",
                        valueFrom: { secretKeyRef: { name: o.databaseUrlSecret.name, key: o.databaseUrlSecret.key } },
                      },
                    ]
                  : []),
              ],
              resources: o.resources,
              readinessProbe: { httpGet: { path: "/readyz", port: "http" }, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10, failureThreshold: 3 },
              startupProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 2, failureThreshold: 30 },
              // Keep serving while the endpoints controller removes the pod from the Service.
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [
                { name: "routes", mountPath: `${CONFIG_DIR}/routes`, readOnly: true },
                { name: "teams", mountPath: `${CONFIG_DIR}/teams`, readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
                { name: "data", mountPath: "/var/lib/aiplat-gateway" },
              ],
            },
          ],
          volumes: [
            // Without routes of its own the ConfigMap is rendered elsewhere (`aiplat render`) and may not exist yet.
            { name: "routes", configMap: { name: `${o.name}-routes`, ...(o.routes ? {} : { optional: true }) } },
            { name: "teams", secret: { secretName: o.teamsSecretName } },
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            { name: "data", emptyDir: { sizeLimit: "1Gi" } },
          ],
        },
      },
    },
  };
}

/** Keeps at least one replica through voluntary disruptions (node drains, Karpenter consolidation). */
export function gatewayPodDisruptionBudget(o: ResolvedGatewayManifestOptions): IPodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: o.name, namespace: o.namespace, labels: gatewayLabels(o) },
    spec: { minAvailable: 1, selector: { matchLabels: gatewaySelector(o) } },
  };
}

/** The autoscaler: an HPA on CPU, or a KEDA ScaledObject on in-flight requests per replica. */
export function gatewayAutoscaler(o: ResolvedGatewayManifestOptions): IHorizontalPodAutoscaler | IScaledObject {
  const scaleTargetRef = { apiVersion: "apps/v1", kind: "Deployment", name: o.name };
  if (o.autoscaler === "keda")
    return {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: o.name, namespace: o.namespace, labels: gatewayLabels(o) },
      spec: {
        scaleTargetRef,
        minReplicaCount: o.replicas,
        maxReplicaCount: o.maxReplicas,
        triggers: [
          {
            type: "prometheus",
            metadata: {
              serverAddress: o.prometheusUrl,
              query: `sum(aiplat_gateway_endpoint_outstanding_requests{namespace="${o.namespace}"})`,
              threshold: "64",
            },
          },
          { type: "cpu", metricType: "Utilization", metadata: { value: "70" } },
        ],
      },
    };
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: o.name, namespace: o.namespace, labels: gatewayLabels(o) },
    spec: {
      scaleTargetRef,
      minReplicas: o.replicas,
      maxReplicas: o.maxReplicas,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      ],
    },
  };
}
