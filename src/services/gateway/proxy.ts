/**
 * The hot path: sends a request to the best endpoint of its model (then of its fallbacks), retries on connect errors
 * and 5xx while nothing has been sent to the client, and streams the upstream's bytes through unchanged, keeping only
 * a tail to find the usage in.
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { findUsage, type Usage } from "./body.js";
import type { GatewayConfig } from "./config.js";
import type { Endpoint } from "./endpoint.js";
import { type GatewayError, gatewayError } from "./errors.js";
import type { Router } from "./router.js";

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
  /** Fires when the client goes away or the request times out. */
  signal: AbortSignal;
  /** Aborts the request (the total timeout uses it). */
  abort: () => void;
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

const TAIL_BYTES = 8192;
/** Non-streamed bodies up to this size are relayed in one write; larger ones are streamed through. */
const BUFFER_BYTES = 4 * 1024 * 1024;
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
    const tried = new Set<Endpoint>();
    for (let i = 0; i < config.routing.maxAttempts; i++) {
      const ep = router.pick(route, Date.now(), tried);
      if (!ep) break;
      tried.add(ep);
      attempts++;
      const r = await attempt(deps, ep, req, res, startMs);
      if (r.done) return { ...r.outcome, attempts };
      lastError = r.error;
      if (r.timeout || req.signal.aborted) return failed(lastError, attempts);
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
  // One AbortController per request (owned by the caller) serves client disconnects and the total timeout alike.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    req.abort();
  }, config.timeouts.totalMs);
  ep.outstanding++;
  let ttftMs: number | null = null;
  try {
    const up = await ep.pool.request({
      path: ep.basePath + req.path,
      method: "POST",
      headers: upstreamHeaders(ep, req, body.length),
      body,
      signal: req.signal,
      headersTimeout: config.timeouts.firstByteMs,
      bodyTimeout: config.timeouts.firstByteMs,
    });
    if (up.statusCode >= 500) {
      await up.body.dump().catch(() => {});
      ep.failed(Date.now());
      deps.onUpstreamFailure?.(ep, `status_${up.statusCode}`);
      return { done: false, error: gatewayError(502, "upstream_error", `upstream answered ${up.statusCode}`) };
    }
    ep.succeeded();
    const headers = responseHeaders(up.headers);
    let tail = "";
    if (headers["content-type"]?.includes("event-stream")) {
      res.writeHead(up.statusCode, headers);
      // Flush the status line now: streaming clients wait for it before the first token.
      res.flushHeaders();
      for await (const chunk of up.body as AsyncIterable<Buffer>) {
        if (ttftMs === null) ttftMs = Date.now() - startMs;
        if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
        tail =
          tail.length + chunk.length > TAIL_BYTES
            ? (tail + chunk.toString("latin1")).slice(-TAIL_BYTES)
            : tail + chunk.toString("latin1");
      }
      res.end();
    } else {
      // A whole JSON body: relay it in one write with its headers (one syscall, not three), up to a size bound.
      const chunks: Buffer[] = [];
      let size = 0;
      let streaming = false;
      for await (const chunk of up.body as AsyncIterable<Buffer>) {
        if (ttftMs === null) ttftMs = Date.now() - startMs;
        size += chunk.length;
        if (!streaming && size <= BUFFER_BYTES) {
          chunks.push(chunk);
          continue;
        }
        if (!streaming) {
          streaming = true;
          res.writeHead(up.statusCode, headers);
          for (const c of chunks) res.write(c);
          tail = Buffer.concat(chunks).subarray(-TAIL_BYTES).toString("latin1");
        }
        if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
        tail = (tail + chunk.toString("latin1")).slice(-TAIL_BYTES);
      }
      if (streaming) res.end();
      else {
        const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        headers["content-length"] = String(all.length);
        res.writeHead(up.statusCode, headers);
        res.end(all);
        tail = all.toString("latin1");
      }
    }
    return {
      done: true,
      outcome: {
        status: up.statusCode,
        endpoint: ep.origin,
        servedModel: ep.routeModel,
        usage: up.statusCode < 400 ? findUsage(tail) : undefined,
        ttftMs,
        attempts: 0,
      },
    };
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    const isTimeout = timedOut || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
    if (res.headersSent) {
      // Bytes already reached the client: nothing to retry; cut the response so the client sees the failure.
      if (timedOut || !req.signal.aborted) {
        ep.failed(Date.now());
        deps.onUpstreamFailure?.(ep, isTimeout ? "timeout" : "stream_broken");
      }
      res.destroy();
      return {
        done: true,
        outcome: {
          status: 502,
          endpoint: ep.origin,
          servedModel: ep.routeModel,
          usage: undefined,
          ttftMs,
          attempts: 0,
        },
      };
    }
    if (req.signal.aborted)
      return { done: false, error: gatewayError(499, "client_closed", "client closed the request") };
    ep.failed(Date.now());
    if (isTimeout) {
      deps.onUpstreamFailure?.(ep, "timeout");
      return {
        done: false,
        timeout: true,
        error: gatewayError(504, "upstream_timeout", `upstream did not answer in time (${code || "total timeout"})`),
      };
    }
    deps.onUpstreamFailure?.(ep, CONNECT_ERRORS.has(code) ? "connect" : "error");
    return {
      done: false,
      error: gatewayError(
        502,
        "upstream_unreachable",
        `upstream ${ep.origin} failed: ${code || (err as Error).message}`,
      ),
    };
  } finally {
    ep.outstanding--;
    clearTimeout(timer);
  }
}

function responseHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const ct = h["content-type"];
  if (ct) out["content-type"] = String(ct);
  const cl = h["content-length"];
  if (cl) out["content-length"] = String(cl);
  if (String(ct).includes("event-stream")) {
    out["cache-control"] = "no-cache";
    // Tell nginx-style proxies in front of us not to buffer the stream.
    out["x-accel-buffering"] = "no";
  }
  return out;
}
