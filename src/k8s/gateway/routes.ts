/**
 * Gateway routes from the platform's inference services: one route per served model name, one endpoint per Service
 * (in-cluster DNS), so `aiplat render` can emit the routes ConfigMap the in-cluster gateway reads.
 */
import type { GatewayRoute } from "./options.js";

/** Model servers the gateway speaks to through their OpenAI-compatible APIs. */
export const INFERENCE_SERVERS = ["vllm", "tgi", "triton"] as const;
/** One of `INFERENCE_SERVERS`. */
export type InferenceServer = (typeof INFERENCE_SERVERS)[number];

/** Default port of each server's OpenAI-compatible API (vLLM serve, TGI in KServe, Triton's OpenAI frontend). */
export const DEFAULT_SERVER_PORTS: Readonly<Record<InferenceServer, number>> = { vllm: 8000, tgi: 8080, triton: 9000 };

/** What the gateway needs to know of one inference Service. */
export interface InferenceServiceRef {
  /** Kubernetes Service name. */
  name: string;
  namespace: string;
  /** The model name clients ask for (vLLM's `--served-model-name`). */
  model: string;
  server: InferenceServer;
  /** Service port. @default DEFAULT_SERVER_PORTS[server] */
  port?: number;
  /** The model name the server knows, when it differs from `model`. */
  upstreamModel?: string;
  /** Models to fall back to when this model's endpoints fail. */
  fallbacks?: string[];
}

/** Options of `routesFromInferenceServices`. */
export interface RoutesOptions {
  /** Cluster DNS domain. @default "cluster.local" */
  clusterDomain?: string;
  /** Route vLLM-only models by queue length and KV-cache use. @default true */
  queueAwareVllm?: boolean;
}

/** Groups inference services by model into gateway routes, sorted by model and endpoint URL (deterministic). */
export function routesFromInferenceServices(
  refs: readonly InferenceServiceRef[],
  options: RoutesOptions = {},
): GatewayRoute[] {
  const domain = options.clusterDomain ?? "cluster.local";
  const byModel = new Map<string, InferenceServiceRef[]>();
  for (const r of refs) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  return [...byModel.keys()].sort().map((model) => {
    const services = byModel.get(model)!;
    const endpoints = services
      .map((s) => ({
        url: `http://${s.name}.${s.namespace}.svc.${domain}:${s.port ?? DEFAULT_SERVER_PORTS[s.server]}`,
        kind: s.server,
        ...(s.upstreamModel && s.upstreamModel !== model ? { model: s.upstreamModel } : {}),
      }))
      .sort((a, b) => a.url.localeCompare(b.url));
    const fallbacks = [...new Set(services.flatMap((s) => s.fallbacks ?? []))].filter(
      (f) => byModel.has(f) && f !== model,
    );
    const route: GatewayRoute = { name: model, endpoints };
    if (fallbacks.length > 0) route.fallbacks = fallbacks;
    if ((options.queueAwareVllm ?? true) && services.every((s) => s.server === "vllm")) route.queueAware = true;
    return route;
  });
}
