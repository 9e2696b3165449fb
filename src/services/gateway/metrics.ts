/** The gateway's Prometheus metrics (prom-client, in a registry of its own). */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Router } from "./router.js";

/** Every metric the gateway exports. */
export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<"model" | "team" | "status">;
  latency: Histogram<"model">;
  ttft: Histogram<"model">;
  tokens: Counter<"model" | "team" | "kind">;
  limiterRejections: Counter<"team" | "limit">;
  upstreamFailures: Counter<"model" | "endpoint" | "reason">;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Creates the metrics; endpoint health and outstanding requests are read from the router at scrape time. */
export function createMetrics(router: Router, options: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "aiplat_gateway_" });
  const endpoints = [...router.allEndpoints()];
  new Gauge({
    name: "aiplat_gateway_endpoint_healthy",
    help: "1 when the endpoint takes traffic, 0 while it is ejected",
    labelNames: ["model", "endpoint"],
    registers: [registry],
    collect() {
      const now = Date.now();
      for (const e of endpoints)
        this.set({ model: e.routeModel, endpoint: e.origin + e.basePath }, e.available(now) ? 1 : 0);
    },
  });
  new Gauge({
    name: "aiplat_gateway_endpoint_outstanding_requests",
    help: "Requests in flight to the endpoint",
    labelNames: ["model", "endpoint"],
    registers: [registry],
    collect() {
      for (const e of endpoints) this.set({ model: e.routeModel, endpoint: e.origin + e.basePath }, e.outstanding);
    },
  });
  return {
    registry,
    requests: new Counter({
      name: "aiplat_gateway_requests_total",
      help: "Requests by model, team and HTTP status",
      labelNames: ["model", "team", "status"],
      registers: [registry],
    }),
    latency: new Histogram({
      name: "aiplat_gateway_request_duration_seconds",
      help: "Time from request to the last byte of the response",
      labelNames: ["model"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    ttft: new Histogram({
      name: "aiplat_gateway_time_to_first_token_seconds",
      help: "Time from request to the upstream's first body byte",
      labelNames: ["model"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    tokens: new Counter({
      name: "aiplat_gateway_tokens_total",
      help: "Tokens by model, team and kind (prompt, completion)",
      labelNames: ["model", "team", "kind"],
      registers: [registry],
    }),
    limiterRejections: new Counter({
      name: "aiplat_gateway_limiter_rejections_total",
      help: "Requests refused by a team limit",
      labelNames: ["team", "limit"],
      registers: [registry],
    }),
    upstreamFailures: new Counter({
      name: "aiplat_gateway_upstream_failures_total",
      help: "Upstream attempts that failed (connect, status, timeout)",
      labelNames: ["model", "endpoint", "reason"],
      registers: [registry],
    }),
  };
}
