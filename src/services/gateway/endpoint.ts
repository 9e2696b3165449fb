/**
 * One upstream endpoint: a keep-alive undici Pool, its outstanding requests, its health (passive ejection with a
 * cool-down after failures), and the queue figures read from its vLLM `/metrics`.
 */
import { readFileSync } from "node:fs";
import { Pool } from "undici";
import type { EndpointConfig } from "./config.js";

/** Options of an `Endpoint`. */
export interface EndpointOptions {
  /** Connect timeout in ms. @default 2000 */
  connectMs?: number;
  /** Consecutive failures that eject. @default 1 */
  ejectAfterFailures?: number;
  /** Ejection cool-down in ms. @default 5000 */
  cooldownMs?: number;
  /** Connections kept per endpoint. @default 128 */
  connections?: number;
}

/**
 * The `Authorization` header value an endpoint sends: `Bearer <key>` from `apiKeyEnv` or `apiKeyFile` (read now), or
 * undefined. Throws when the key file cannot be read.
 */
export function endpointAuthorization(config: EndpointConfig): string | undefined {
  const key = config.apiKeyEnv
    ? process.env[config.apiKeyEnv]
    : config.apiKeyFile
      ? readFileSync(config.apiKeyFile, "utf8").trim()
      : undefined;
  return key ? `Bearer ${key}` : undefined;
}

/** An upstream endpoint and its live state. */
export class Endpoint {
  readonly pool: Pool;
  readonly origin: string;
  /** Path prefix of the endpoint URL (e.g. `/openai`), without a trailing slash. */
  readonly basePath: string;
  /** `Bearer ...` for openai-compatible endpoints with a key. */
  readonly authorization: string | undefined;
  outstanding = 0;
  consecutiveFailures = 0;
  ejectedUntil = 0;
  /** From /metrics when the route is queue-aware. */
  waiting = 0;
  kvCacheUsage = 0;
  private readonly ejectAfter: number;
  private readonly cooldownMs: number;

  constructor(
    readonly config: EndpointConfig,
    readonly routeModel: string,
    options: EndpointOptions = {},
  ) {
    const u = new URL(config.url);
    this.origin = u.origin;
    this.basePath = u.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
    this.pool = new Pool(this.origin, {
      connections: options.connections ?? 128,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.connectMs ?? 2_000 },
    });
    this.ejectAfter = options.ejectAfterFailures ?? 1;
    this.cooldownMs = options.cooldownMs ?? 5_000;
    this.authorization = endpointAuthorization(config);
  }

  /** The model name to send upstream. */
  get upstreamModel(): string {
    return this.config.model ?? this.routeModel;
  }

  /** Whether the endpoint may take traffic now (not ejected, or its cool-down is over). */
  available(now: number): boolean {
    return this.ejectedUntil <= now;
  }

  /** Records a success: clears the failure streak and any ejection. */
  succeeded(): void {
    this.consecutiveFailures = 0;
    this.ejectedUntil = 0;
  }

  /** Records a failure; ejects after `ejectAfterFailures` in a row. Returns true when this ejected it. */
  failed(now: number): boolean {
    this.consecutiveFailures++;
    if (this.consecutiveFailures >= this.ejectAfter) {
      this.ejectedUntil = now + this.cooldownMs;
      return true;
    }
    return false;
  }

  /** Closes the connection pool. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
