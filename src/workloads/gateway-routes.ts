/**
 * The LLM gateway's routes for the rendered InferenceServices: one route per served model name, one endpoint per
 * Service (in-cluster DNS, the Service's `http` port), as the ConfigMap the in-cluster gateway reads.
 */
import { gatewayRoutesConfig, routesFromInferenceServices } from "../k8s/gateway/index.js";
import { PLATFORM_GATEWAY } from "../k8s/gateway/platform.js";
import type { KubeObject } from "../k8s/types.js";
import { GATEWAY_NAMESPACE } from "./platform-endpoints.js";
import { SERVICE_PORT } from "./render/inference.js";
import type { InferenceService } from "./schema.js";

/** Name of the gateway's Service (its OpenAI-compatible base URL is `http://llm-gateway.llm-gateway.svc.../v1`). */
export const GATEWAY_SERVICE = PLATFORM_GATEWAY.name;

/** An InferenceService and the namespace placement put it in. */
export interface PlacedInferenceService {
  readonly workload: InferenceService;
  readonly namespace: string;
}

/** The routes ConfigMap (`<gateway>-routes`, key `routes.json`) for `services`, or undefined when there are none. */
export function gatewayRoutesConfigMap(services: readonly PlacedInferenceService[]): KubeObject | undefined {
  if (services.length === 0) return undefined;
  const routes = routesFromInferenceServices(
    services.map((s) => ({
      name: s.workload.metadata.name,
      namespace: s.namespace,
      model: s.workload.spec.model.name ?? s.workload.metadata.name,
      server: s.workload.spec.server,
      port: SERVICE_PORT,
    })),
  );
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `${GATEWAY_SERVICE}-routes`,
      namespace: GATEWAY_NAMESPACE,
      labels: { "app.kubernetes.io/name": GATEWAY_SERVICE, "app.kubernetes.io/part-of": "eks-ai-platform" },
    },
    data: { "routes.json": `${JSON.stringify(gatewayRoutesConfig(routes), null, 2)}\n` },
  };
}
