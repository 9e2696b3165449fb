/** Test helpers: simulators, a gateway in front of them, keys, and the PostgreSQL/Redis availability checks. */
import { createConnection } from "node:net";
import OpenAI from "openai";
import type { GatewayConfig } from "../../../src/services/gateway/config.js";
import { type GatewayConfigInput, hashKey, resolveGatewayConfig } from "../../../src/services/gateway/index.js";
import { createLogger } from "../../../src/services/gateway/logger.js";
import { type Gateway, type GatewayOptions, startGateway } from "../../../src/services/gateway/server.js";

/** Plain-text keys used by the tests (the config holds only their hashes). */
export const KEYS = {
  research: "sk-test-research",
  agents: "sk-test-agents",
  limited: "sk-test-limited",
  admin: "sk-test-admin",
} as const;

/** Resolves a config input or throws with the findings. */
export function config(input: GatewayConfigInput): GatewayConfig {
  const r = resolveGatewayConfig([{ file: "test", data: input }]);
  if (!r.ok) throw new Error(JSON.stringify(r.findings));
  return r.config;
}

/** Teams used across the suites: research (all models), agents (only `chat-a`), limited (2 rpm), an admin key. */
export function teams(
  extra: { limitedRpm?: number; limitedTpm?: number; agentsModels?: string[]; suffix?: string } = {},
): Pick<GatewayConfigInput, "teams" | "admin"> {
  const sfx = extra.suffix ?? "";
  return {
    teams: [
      { name: `research${sfx}`, keys: [{ id: "research-1", sha256: hashKey(KEYS.research) }] },
      {
        name: `agents${sfx}`,
        keys: [{ id: "agents-1", sha256: hashKey(KEYS.agents) }],
        models: extra.agentsModels ?? ["chat-a"],
      },
      {
        name: `limited${sfx}`,
        keys: [{ id: "limited-1", sha256: hashKey(KEYS.limited) }],
        requestsPerMinute: extra.limitedRpm ?? 2,
        ...(extra.limitedTpm ? { tokensPerMinute: extra.limitedTpm } : {}),
      },
    ],
    admin: { keys: [{ id: "admin-1", sha256: hashKey(KEYS.admin) }] },
  };
}

/** Starts a gateway on an ephemeral loopback port with silent logs. */
export function gateway(cfg: GatewayConfig, options: Partial<GatewayOptions> = {}): Promise<Gateway> {
  return startGateway({
    config: cfg,
    host: "127.0.0.1",
    port: 0,
    db: ":memory:",
    logger: createLogger({ level: "silent" }),
    defaultMetrics: false,
    shutdownGraceMs: 2_000,
    ...options,
  });
}

/** An OpenAI client for the gateway with one of the test keys; no client-side retries. */
export function client(gw: { url: string }, key: string = KEYS.research): OpenAI {
  return new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0, timeout: 20_000 });
}

/** Status and parsed JSON of a raw request to the gateway. */
export async function raw(
  gw: { url: string },
  path: string,
  init: {
    method?: string;
    key?: string;
    body?: unknown;
    rawBody?: string | Buffer;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const res = await fetch(`${gw.url}${path}`, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? "POST" : "GET"),
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

/** Whether a TCP port on loopback accepts connections (within 500 ms). */
export function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

/** PostgreSQL URL for the tests. */
export const POSTGRES_URL =
  process.env.AIPLAT_TEST_POSTGRES_URL ?? "postgres://aiplat:aiplat@127.0.0.1:5432/aiplat_test";
/** Redis URL for the tests. */
export const REDIS_URL = process.env.AIPLAT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Whether the suites needing `url` should run: true when reachable; under CI it must be reachable (throws otherwise);
 * elsewhere an unreachable server skips the suite with a visible notice.
 */
export async function serviceAvailable(what: string, url: string): Promise<boolean> {
  if (await reachable(url)) return true;
  const shown = url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (ci)
    throw new Error(`${what} at ${shown} is not reachable, and CI is set: .ci/services.sh should have started it`);
  console.warn(
    `[gateway tests] SKIPPED the ${what} suites: nothing listens at ${shown}. Start it with \`.ci/services.sh\` (see docs/gateway.md), or set ${what === "PostgreSQL" ? "AIPLAT_TEST_POSTGRES_URL" : "AIPLAT_TEST_REDIS_URL"}.`,
  );
  return false;
}

/** Waits until `fn` returns true, polling every 10 ms, at most `ms`. */
export async function until(fn: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("condition not met in time");
}
