/**
 * Linkerd from the edge Helm repository (open-source Linkerd ships edge releases only; DESIGN.md section 9):
 * `linkerd-crds`, the CNI plugin, then `linkerd-control-plane` with the chart's HA settings
 * (linkerd.io/2-edge/tasks/install-helm/, `values-ha.yaml`), on the control pool.
 * The CNI plugin replaces the proxy-init container, which needs NET_ADMIN and NET_RAW: without it no meshed pod
 * passes the `restricted` Pod Security level the team namespaces enforce (linkerd.io/2-edge/features/cni/). It runs
 * chained after the VPC CNI.
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { HA_REPLICAS } from "../tenancy/disruption-budgets.js";
import { OTEL_COLLECTOR, PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";
import { LINKERD_WEBHOOKS } from "./identity.js";

const linkerd = PLATFORM_NAMESPACES.linkerd;

/** Values of `linkerd-control-plane`. */
export function controlPlaneValues(model: PlatformModel): Record<string, unknown> {
  const webhook = (certificate: string) => ({ externalSecret: true, injectCaFrom: `${linkerd}/${certificate}` });
  const tracing = model.observability.tracing === "opentelemetry";
  return {
    // HA (values-ha.yaml): three replicas on distinct nodes, PDBs, a webhook that fails closed so no pod of a
    // meshed namespace starts unmeshed while the injector is down.
    controllerReplicas: HA_REPLICAS,
    enablePodAntiAffinity: true,
    enablePodDisruptionBudget: true,
    webhookFailurePolicy: "Fail",
    deploymentStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: "25%" } },
    priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.control,
    cniEnabled: true,
    ...controlPlacement(model),
    // Identity issuer and trust roots come from cert-manager and trust-manager (identity.ts).
    identity: { externalCA: true, issuer: { scheme: "kubernetes.io/tls" } },
    proxyInjector: webhook(LINKERD_WEBHOOKS.proxyInjector),
    profileValidator: webhook(LINKERD_WEBHOOKS.profileValidator),
    policyValidator: webhook(LINKERD_WEBHOOKS.policyValidator),
    ...(tracing
      ? {
          proxy: {
            tracing: {
              enabled: true,
              collector: {
                endpoint: OTEL_COLLECTOR.endpoint,
                // The proxy verifies the collector's mesh identity when the collector is meshed.
                meshIdentity: {
                  serviceAccountName: OTEL_COLLECTOR.serviceAccount,
                  namespace: OTEL_COLLECTOR.namespace,
                },
              },
            },
          },
        }
      : {}),
  };
}

/** The Linkerd Applications, in install order; none when the mesh is off. */
export function linkerdCharts(model: PlatformModel): ChartAppSpec[] {
  if (model.networking.mesh !== "linkerd") return [];
  return [
    {
      name: "linkerd-crds",
      chart: CHARTS["linkerd-crds"],
      namespace: linkerd,
      ownsCrds: true,
      // Linkerd's policy and routing use Gateway API HTTPRoute/GRPCRoute; the chart installs those CRDs too.
      values: { installGatewayAPI: true },
    },
    {
      name: "linkerd2-cni",
      chart: CHARTS["linkerd2-cni"],
      namespace: PLATFORM_NAMESPACES.linkerdCni,
      ownsCrds: false,
      values: {
        // A node-level daemon: it must run on every node, GPU pools included, or meshed pods there cannot start.
        tolerations: [{ operator: "Exists" }],
        priorityClassName: "system-node-critical",
      },
    },
    {
      name: "linkerd-control-plane",
      chart: CHARTS["linkerd-control-plane"],
      namespace: linkerd,
      ownsCrds: false,
      values: controlPlaneValues(model),
    },
  ];
}
