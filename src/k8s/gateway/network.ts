/** How the gateway is reached and watched: its Service, NetworkPolicy, ServiceMonitor and routes ConfigMap. */
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IService } from "kubernetes-models/v1/Service";
import type { GatewayRoute, ResolvedGatewayManifestOptions } from "./options.js";
import { gatewayLabels, gatewaySelector } from "./workload.js";

/** The gateway config document holding only routes (`{ "models": [...] }`), as `aiplat serve gateway --config` reads it. */
export function gatewayRoutesConfig(routes: readonly GatewayRoute[]): { models: GatewayRoute[] } {
  return { models: routes.map((r) => ({ ...r, endpoints: r.endpoints.map((e) => ({ ...e })) })) };
}

/** The routes ConfigMap (JSON, which the gateway's YAML loader reads). */
export function gatewayRoutesConfigMap(o: ResolvedGatewayManifestOptions, routes: readonly GatewayRoute[]): IConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${o.name}-routes`, namespace: o.namespace, labels: gatewayLabels(o) },
    data: { "routes.json": `${JSON.stringify(gatewayRoutesConfig(routes), null, 2)}\n` },
  };
}

/** A ClusterIP Service on port 80. */
export function gatewayService(o: ResolvedGatewayManifestOptions): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: o.name, namespace: o.namespace, labels: gatewayLabels(o) },
    spec: {
      type: "ClusterIP",
      selector: gatewaySelector(o),
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    },
  };
}

/** Upstream ports the gateway must reach: the route URLs' (default 80/443 by scheme) and the extra ones. */
function upstreamPorts(routes: readonly GatewayRoute[], extra: readonly number[]): number[] {
  const ports = new Set<number>(extra);
  for (const r of routes)
    for (const e of r.endpoints) {
      const u = new URL(e.url);
      ports.add(u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80);
    }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Ingress: clients from labelled namespaces and Prometheus on the HTTP port. Egress: DNS, the upstream ports of the
 * routes, PostgreSQL and Redis when configured.
 */
export function gatewayNetworkPolicy(o: ResolvedGatewayManifestOptions): INetworkPolicy {
  const egressPorts = upstreamPorts(o.routes ?? [], o.upstreamPorts);
  const clients = o.clientNamespaces
    ? {
        namespaceSelector: {
          matchExpressions: [
            { key: "kubernetes.io/metadata.name", operator: "In", values: [...o.clientNamespaces].sort() },
          ],
        },
      }
    : { namespaceSelector: { matchLabels: o.clientNamespaceLabels } };
  if (o.databaseUrlSecret) egressPorts.push(5432);
  if (o.redisUrl) egressPorts.push(Number(new URL(o.redisUrl).port || 6379));
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: o.name, namespace: o.namespace, labels: gatewayLabels(o) },
    spec: {
      podSelector: { matchLabels: gatewaySelector(o) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [clients, { namespaceSelector: { matchLabels: o.monitoringNamespaceLabels } }],
          ports: [{ protocol: "TCP", port: o.port }],
        },
      ],
      egress: [
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        { ports: [...new Set(egressPorts)].map((port) => ({ protocol: "TCP", port })) },
      ],
    },
  };
}

/** The ServiceMonitor for the Prometheus Operator: `/metrics` on the http port every 15 s. */
export function gatewayServiceMonitor(o: ResolvedGatewayManifestOptions): IServiceMonitor {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: o.name, namespace: o.namespace, labels: gatewayLabels(o) },
    spec: {
      selector: { matchLabels: gatewaySelector(o) },
      namespaceSelector: { matchNames: [o.namespace] },
      endpoints: [{ port: "http", path: "/metrics", interval: "15s" }],
    },
  };
}
