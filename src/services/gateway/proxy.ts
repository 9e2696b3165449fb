/**
 * The hot path: sends a request to the best endpoint of its model (then of its fallbacks), retries on connect errors
 * and 5xx while nothing has been sent to the client, and streams the upstream's bytes through unchanged, keeping only
 * a tail to find the usage in.
 */
import type { ServerResponse } from "node:http";
import { findUsage, type Usage } from "./body.js";
import type { GatewayConfig } from "./config.js";
import type { Endpoint } from "./endpoint.js";
import { type GatewayError, gatewayError } from "./errors.js";
import type { Router } from "./router.js";
import { type Cancel, exchange } from "./upstream-exchange.js";

/** One request as the proxy sees it. */
export interface ProxyRequest {
  /** Upstream path under the endpoint's base, e.g. `/v1/chat/completions`. */
  path: string;
  model: string;
  /** The body to send when the upstream knows the model by the requested name. */
  body: Buffer;
  /** The parsed body, used only when the body must be re-encoded for another upstream model name. */
  parsed: Record<string, unknown>;
  traceparent: string;
  tracestate: string | undefined;
  /** Set when the client goes away or the request times out. */
  cancel: Cancel;
}

/** What happened, for metering. */
export interface ProxyOutcome {
  status: number;
  endpoint: string;
  /** The model that answered (differs from the requested one after a fallback). */
  servedModel: string;
  usage: Usage | undefined;
  /** Ms from start to the first upstream body byte. */
  ttftMs: number | null;
  error?: GatewayError;
  attempts: number;
}

/** Collaborators of the proxy. */
export interface ProxyDeps {
  router: Router;
  config: GatewayConfig;
  onUpstreamFailure?: (e: Endpoint, reason: string) => void;
}

type Attempt = { done: true; outcome: ProxyOutcome } | { done: false; error: GatewayError; timeout?: boolean };

/** Proxies one request and resolves when the response is complete (or failed). Writes the response itself. */
export async function proxy(
  deps: ProxyDeps,
  req: ProxyRequest,
  res: ServerResponse,
  startMs: number,
): Promise<ProxyOutcome> {
  const { router, config } = deps;
  let attempts = 0;
  let lastError: GatewayError | undefined;
  const chain = router.chain(req.model);
  for (const route of chain) {
    // Endpoints already tried on this route: made only when a first attempt failed.
    let tried: Set<Endpoint> | undefined;
    let previous: Endpoint | undefined;
    for (let i = 0; i < config.routing.maxAttempts; i++) {
      if (previous) {
        tried ??= new Set();
        tried.add(previous);
      }
      const ep = router.pick(route, Date.now(), tried);
      if (!ep) break;
      previous = ep;
      attempts++;
      const r = await attempt(deps, ep, req, res, startMs);
      if (r.done) {
        r.outcome.attempts = attempts;
        return r.outcome;
      }
      lastError = r.error;
      if (r.timeout || req.cancel.aborted) return failed(lastError, attempts);
    }
  }
  if (!lastError) {
    const soonest = Math.min(...chain.flatMap((r) => r.endpoints.map((e) => e.ejectedUntil)));
    lastError = gatewayError(503, "no_healthy_endpoint", `no healthy endpoint for model "${req.model}"`, {
      retryAfterSeconds: Math.max(1, (soonest - Date.now()) / 1000),
    });
  }
  return failed(lastError, attempts);
}

const failed = (error: GatewayError, attempts: number): ProxyOutcome => ({
  status: error.status,
  endpoint: "",
  servedModel: "",
  usage: undefined,
  ttftMs: null,
  error,
  attempts,
});

function upstreamHeaders(ep: Endpoint, req: ProxyRequest, length: number): Record<string, string> {
  const h: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(length),
    traceparent: req.traceparent,
  };
  if (req.tracestate) h.tracestate = req.tracestate;
  if (ep.authorization) h.authorization = ep.authorization;
  return h;
}

function bodyFor(ep: Endpoint, req: ProxyRequest): Buffer {
  if (ep.upstreamModel === req.model) return req.body;
  return Buffer.from(JSON.stringify({ ...req.parsed, model: ep.upstreamModel }));
}

function totalTimeout(cancel: Cancel): void {
  cancel.timedOut = true;
  cancel.aborted = true;
  cancel.current?.(new Error("total timeout"));
}

const CONNECT_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

async function attempt(
  deps: ProxyDeps,
  ep: Endpoint,
  req: ProxyRequest,
  res: ServerResponse,
  startMs: number,
): Promise<Attempt> {
  const { config } = deps;
  const body = bodyFor(ep, req);
  const cancel = req.cancel;
  const timer = setTimeout(totalTimeout, config.timeouts.totalMs, cancel);
  ep.outstanding++;
  try {
    const r = await exchange(
      ep,
      {
        path: ep.basePath + req.path,
        headers: upstreamHeaders(ep, req, body.length),
        body,
        headersTimeoutMs: config.timeouts.firstByteMs,
        bodyTimeoutMs: config.timeouts.firstByteMs,
      },
      res,
      cancel,
      startMs,
    );
    switch (r.kind) {
      case "done":
        ep.succeeded();
        return {
          done: true,
          outcome: {
            status: r.status,
            endpoint: ep.origin,
            servedModel: ep.routeModel,
            usage: r.status < 400 ? findUsage(r.tail) : undefined,
            ttftMs: r.ttftMs,
            attempts: 0,
          },
        };
      case "broken":
        // Bytes already reached the client: nothing to retry; the response was cut so the client sees the failure.
        ep.failed(Date.now());
        deps.onUpstreamFailure?.(ep, r.timeout ? "timeout" : "stream_broken");
        return {
          done: true,
          outcome: {
            status: 502,
            endpoint: ep.origin,
            servedModel: ep.routeModel,
            usage: undefined,
            ttftMs: r.ttftMs,
            attempts: 0,
          },
        };
      case "client-gone":
        return { done: false, error: gatewayError(499, "client_closed", "client closed the request") };
      case "retry":
        ep.failed(Date.now());
        if (r.status !== undefined) {
          deps.onUpstreamFailure?.(ep, `status_${r.status}`);
          return { done: false, error: gatewayError(502, "upstream_error", `upstream answered ${r.status}`) };
        }
        if (r.timeout) {
          deps.onUpstreamFailure?.(ep, "timeout");
          return {
            done: false,
            timeout: true,
            error: gatewayError(504, "upstream_timeout", `upstream did not answer in time (${r.code})`),
          };
        }
        deps.onUpstreamFailure?.(ep, CONNECT_ERRORS.has(r.code ?? "") ? "connect" : "error");
        return {
          done: false,
          error: gatewayError(502, "upstream_unreachable", `upstream ${ep.origin} failed: ${r.code || r.message}`),
        };
    }
  } finally {
    ep.outstanding--;
    clearTimeout(timer);
  }
}
