/**
 * The in-cluster LLM gateway: a pure function from options to typed Kubernetes objects (routes ConfigMap, Deployment,
 * Service, PodDisruptionBudget, HPA or KEDA ScaledObject, NetworkPolicy, ServiceMonitor). The teams Secret (hashed keys)
 * and the database Secret are not rendered: they come from the platform's secret provider.
 */
import type { ComponentManifests, KubeObject } from "../types.js";
import { gatewayNetworkPolicy, gatewayRoutesConfigMap, gatewayService, gatewayServiceMonitor } from "./network.js";
import { type GatewayManifestOptions, type GatewayOptionsFinding, resolveGatewayOptions } from "./options.js";
import { gatewayAutoscaler, gatewayDeployment, gatewayPodDisruptionBudget } from "./workload.js";

export { gatewayRoutesConfig } from "./network.js";
export type { GatewayManifestOptions, GatewayOptionsFinding, GatewayRoute } from "./options.js";
export {
  DEFAULT_SERVER_PORTS,
  INFERENCE_SERVERS,
  type InferenceServer,
  type InferenceServiceRef,
  type RoutesOptions,
  routesFromInferenceServices,
} from "./routes.js";

const plain = (o: unknown): KubeObject => o as KubeObject;

/** Renders the gateway's objects, or returns every problem with the options. */
export function renderGateway(
  options: GatewayManifestOptions,
): { ok: true; manifests: ComponentManifests } | { ok: false; findings: GatewayOptionsFinding[] } {
  const r = resolveGatewayOptions(options);
  if (!r.ok) return r;
  const o = r.options;
  return {
    ok: true,
    manifests: {
      component: "gateway",
      files: [
        ...(o.routes ? [{ name: "config", objects: [plain(gatewayRoutesConfigMap(o, o.routes))] }] : []),
        {
          name: "deployment",
          objects: [plain(gatewayDeployment(o)), plain(gatewayPodDisruptionBudget(o)), plain(gatewayAutoscaler(o))],
        },
        { name: "network", objects: [plain(gatewayService(o)), plain(gatewayNetworkPolicy(o))] },
        { name: "monitoring", objects: [plain(gatewayServiceMonitor(o))] },
      ],
    },
  };
}
