/**
 * The gateway's HTTP server (node:http): OpenAI-compatible inference endpoints, `/v1/models`, the admin API,
 * `/healthz`, `/readyz` and `/metrics`; and its graceful shutdown, which finishes in-flight requests and writes every
 * queued usage record before it resolves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin, utcMidnight } from "./admin.js";
import { readBody } from "./body.js";
import type { GatewayConfig } from "./config.js";
import { type GatewayError, gatewayError, sendError, sendJson } from "./errors.js";
import { handleInference, type InferenceDeps } from "./inference.js";
import { KeyRing } from "./keys.js";
import { type Limiter, LocalLimiter } from "./limiter.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type GatewayMetrics } from "./metrics.js";
import { openStore } from "./open-store.js";
import { PromptResolver } from "./prompts.js";
import { startQueueProbe } from "./queue-probe.js";
import { RedisLimiter } from "./redis-limiter.js";
import { requestLog } from "./request-log.js";
import { Router } from "./router.js";
import type { GatewayStore } from "./store.js";
import { UsageMeter } from "./usage-meter.js";

/** Options of `startGateway`. */
export interface GatewayOptions {
  config: GatewayConfig;
  /** Interface to listen on. @default config.listen.host */
  host?: string;
  /** Port; 0 picks a free one. @default config.listen.port */
  port?: number;
  /** Database: `sqlite:PATH`, a path, `:memory:` or `postgres://...`. @default "sqlite:aiplat-gateway.db" */
  db?: string;
  /** An already open store (tests); when set, `db` is ignored and the store is not closed by the gateway. */
  store?: GatewayStore;
  /** Share team limits through this Redis (`redis://host:port`). @default per-process limits */
  redis?: string;
  /** Logger; @default pino JSON on stdout at `config.logging.level` */
  logger?: Logger;
  /** Longest wait for in-flight requests on shutdown, ms. @default 10000 */
  shutdownGraceMs?: number;
  /** Export Node.js process metrics too. @default true */
  defaultMetrics?: boolean;
}

/** A running gateway. */
export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly router: Router;
  readonly store: GatewayStore;
  readonly meter: UsageMeter;
  readonly metrics: GatewayMetrics;
  readonly limiter: Limiter;
  /**
   * Applies a new configuration's models (routes), teams and admin keys at once, without a restart; its other
   * settings (listen address, timeouts, routing, limits of the body, logging) apply at the next start and are named in
   * the result. Throws, changing nothing, when an endpoint cannot be made (an `apiKeyFile` that cannot be read).
   */
  reload(config: GatewayConfig): ReloadResult;
  /** Stops accepting, finishes in-flight requests, flushes usage, closes pools and stores. */
  close(): Promise<void>;
}

/** What a reload changed. */
export interface ReloadResult {
  modelsAdded: string[];
  modelsRemoved: string[];
  /** Teams configured after the reload. */
  teams: number;
  /** Top-level settings that differ from the running ones and apply only at the next start. */
  restartNeeded: string[];
}

/** The settings a reload applies; everything else in the config is read once, at start. */
const RELOADED: ReadonlySet<string> = new Set<keyof GatewayConfig>(["models", "teams", "adminKeys"]);

const ADMIN_PREFIXES = ["/v1/usage", "/v1/prompts/"];

/** Starts the gateway and resolves once it listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const config = options.config;
  const logger = options.logger ?? createLogger({ level: config.logging.level });
  const store = options.store ?? (await openStore(options.db));
  let limiter: Limiter;
  if (options.redis) {
    const rl = new RedisLimiter(options.redis);
    await rl.connect();
    limiter = rl;
  } else {
    limiter = new LocalLimiter();
    const now = Date.now();
    for (const [team, tokens] of await store.tokensByTeam(utcMidnight(now))) await limiter.seedDaily(team, tokens, now);
  }
  const router = new Router(config);
  const metrics = createMetrics(router, { defaultMetrics: options.defaultMetrics });
  const meter = new UsageMeter(store, {
    flushIntervalMs: config.flushIntervalMs,
    onError: (err) => logger.error({ err }, "usage flush failed; will retry"),
  });
  const prompts = new PromptResolver(store);
  const keys = new KeyRing(config);
  const stopProbe = startQueueProbe(router, config.routing.queueProbeIntervalMs);
  const deps: InferenceDeps = {
    config,
    router,
    limiter,
    meter,
    metrics,
    logger,
    requestLog: requestLog(logger),
    prompts,
  };
  let inflight = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  const internalError = (res: ServerResponse, err: unknown) => {
    logger.error({ err }, "internal error");
    sendError(res, gatewayError(500, "internal_error", "internal error"));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const method = req.method;
    if (method === "GET" && path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (method === "GET" && path === "/readyz") {
      const now = Date.now();
      const healthy = [...router.allEndpoints()].some((e) => e.available(now));
      return draining || !healthy
        ? sendJson(res, 503, { status: draining ? "draining" : "no healthy endpoint" })
        : sendJson(res, 200, { status: "ready" });
    }
    if (method === "GET" && path === "/metrics") {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      return void res.end(text);
    }
    const principal = keys.authenticate(req.headers.authorization);
    if (!principal) {
      req.resume();
      return sendError(
        res,
        gatewayError(401, "invalid_api_key", "Incorrect or missing API key", { type: "invalid_request_error" }),
      );
    }
    if (
      method === "POST" &&
      (path === "/v1/chat/completions" || path === "/v1/completions" || path === "/v1/embeddings")
    )
      return handleInference(deps, req, res, path, principal);
    if (method === "GET" && path === "/v1/models") {
      const data = [...router.routes.keys()]
        .filter((m) => !principal.allowed || principal.allowed.has(m))
        .map((id) => ({ id, object: "model", created: 0, owned_by: "aiplat-gateway" }));
      return sendJson(res, 200, { object: "list", data });
    }
    if (ADMIN_PREFIXES.some((p) => path === p || path.startsWith(p))) {
      let body: unknown;
      if (method === "POST" || method === "PUT") {
        const raw = await readBody(req, config.maxBodyBytes);
        if (!Buffer.isBuffer(raw)) return sendError(res, raw as GatewayError);
        try {
          body = raw.length === 0 ? undefined : JSON.parse(raw.toString("utf8"));
        } catch {
          return sendError(res, gatewayError(400, "invalid_json", "request body is not valid JSON"));
        }
      } else req.resume();
      return handleAdmin({ store, meter, prompts }, req, res, new URL(rawUrl, "http://gateway"), principal, body);
    }
    req.resume();
    sendError(res, gatewayError(404, "not_found", `no route ${method} ${path}`));
  };

  const done = () => {
    inflight--;
    if (inflight === 0 && idle) idle();
  };
  const server: Server = createServer((req, res) => {
    inflight++;
    handle(req, res).then(done, (err: unknown) => {
      try {
        internalError(res, err);
      } finally {
        done();
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? config.listen.port, options.host ?? config.listen.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  logger.info({
    msg: "gateway listening",
    address: `${host}:${addr.port}`,
    store: store.kind,
    limiter: options.redis ? "redis" : "local",
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inflight > 0)
        await Promise.race([
          new Promise<void>((resolve) => {
            idle = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, options.shutdownGraceMs ?? 10_000).unref()),
        ]);
      server.closeAllConnections();
      await stopped;
      stopProbe();
      await meter.close();
      await limiter.close();
      await router.close();
      if (!options.store) await store.close();
      logger.info({ msg: "gateway stopped" });
      logger.flush?.();
    })();
    return closing;
  };
  const reload = (next: GatewayConfig): ReloadResult => {
    const { added, removed } = router.update(next.models);
    keys.update(next);
    const restartNeeded = Object.keys({ ...config, ...next }).filter(
      (k) =>
        !RELOADED.has(k) &&
        JSON.stringify(config[k as keyof GatewayConfig]) !== JSON.stringify(next[k as keyof GatewayConfig]),
    );
    const result = { modelsAdded: added, modelsRemoved: removed, teams: next.teams.length, restartNeeded };
    logger.info({ msg: "config reloaded", ...result });
    if (restartNeeded.length > 0)
      logger.warn({ msg: "changed settings apply at the next start", settings: restartNeeded });
    return result;
  };
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    router,
    store,
    meter,
    metrics,
    limiter,
    reload,
    close,
  };
}
