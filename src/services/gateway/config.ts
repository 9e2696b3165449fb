/**
 * The gateway's configuration file (YAML or JSON): model routes, teams with hashed keys and limits, admin keys,
 * timeouts, ejection and metering. Several files may be given; they merge (lists concatenate, later scalars win), so
 * routes can come from a ConfigMap and teams from a Secret.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** Kinds of upstream endpoint: each speaks the OpenAI-compatible API of its server. */
export const ENDPOINT_KINDS = ["vllm", "tgi", "triton", "openai-compatible"] as const;
/** One of `ENDPOINT_KINDS`. */
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex SHA-256 of the key");

const endpointSchema = z.strictObject({
  url: z.url(),
  kind: z.enum(ENDPOINT_KINDS).default("vllm"),
  /** The model name the upstream server knows, when it differs from the route's name. */
  model: z.string().min(1).optional(),
  /** Environment variable holding the upstream API key (openai-compatible endpoints). */
  apiKeyEnv: z.string().min(1).optional(),
  /** File holding the upstream API key (e.g. a mounted Secret). */
  apiKeyFile: z.string().min(1).optional(),
  /** Relative weight for tie-breaking. @default 1 */
  weight: z.number().positive().default(1),
});

const modelSchema = z.strictObject({
  name: z.string().min(1),
  endpoints: z.array(endpointSchema).min(1),
  /** Models tried, in order, when no endpoint of this one can answer. */
  fallbacks: z.array(z.string().min(1)).default([]),
  /** Read each vLLM endpoint's /metrics and prefer short queues and free KV cache. @default false */
  queueAware: z.boolean().default(false),
});

const keySchema = z.strictObject({ id: z.string().min(1), sha256: sha256Hex });

const teamSchema = z.strictObject({
  name: z.string().min(1),
  keys: z.array(keySchema).min(1),
  /** Models the team may call; `"*"` allows all. */
  models: z.array(z.string().min(1)).default(["*"]),
  requestsPerMinute: z.number().int().positive().optional(),
  tokensPerMinute: z.number().int().positive().optional(),
  dailyTokenBudget: z.number().int().positive().optional(),
});

/** The schema of one configuration file. */
export const gatewayConfigSchema = z.strictObject({
  listen: z
    .strictObject({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535).default(8080) })
    .optional(),
  models: z.array(modelSchema).default([]),
  teams: z.array(teamSchema).default([]),
  admin: z.strictObject({ keys: z.array(keySchema).default([]) }).optional(),
  limits: z
    .strictObject({
      /** Largest request body, in bytes. @default 1048576 */
      maxBodyBytes: z.number().int().positive().default(1_048_576),
    })
    .optional(),
  timeouts: z
    .strictObject({
      /** Time to the upstream's first byte before giving up (504 when nothing was sent). @default 30000 */
      firstByteMs: z.number().int().positive().default(30_000),
      /** Total time of one upstream exchange. @default 600000 */
      totalMs: z.number().int().positive().default(600_000),
      /** Connect timeout. @default 2000 */
      connectMs: z.number().int().positive().default(2_000),
    })
    .optional(),
  routing: z
    .strictObject({
      /** Endpoints tried for one request, over all its models. @default 3 */
      maxAttempts: z.number().int().min(1).default(3),
      /** How long a failing endpoint is left out. @default 5000 */
      ejectionCooldownMs: z.number().int().positive().default(5_000),
      /** Consecutive failures (5xx or connect errors) that eject an endpoint. @default 1 */
      ejectAfterFailures: z.number().int().min(1).default(1),
      /** How often queue-aware routes read /metrics. @default 1000 */
      queueProbeIntervalMs: z.number().int().positive().default(1_000),
    })
    .optional(),
  metering: z
    .strictObject({
      /** Largest time a usage record waits in memory before it is written. @default 200 */
      flushIntervalMs: z.number().int().positive().default(200),
    })
    .optional(),
  logging: z
    .strictObject({
      level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
      /** Include prompt and completion text in logs. @default false */
      logBodies: z.boolean().default(false),
    })
    .optional(),
});

/** One configuration file as written. */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
/** A model route. */
export type ModelRoute = z.output<typeof modelSchema>;
/** An upstream endpoint of a route. */
export type EndpointConfig = z.output<typeof endpointSchema>;
/** A team with its keys and limits. */
export type TeamConfig = z.output<typeof teamSchema>;

/** The merged configuration with every default settled. */
export interface GatewayConfig {
  listen: { host: string; port: number };
  models: ModelRoute[];
  teams: TeamConfig[];
  adminKeys: Array<{ id: string; sha256: string }>;
  maxBodyBytes: number;
  timeouts: { firstByteMs: number; totalMs: number; connectMs: number };
  routing: {
    maxAttempts: number;
    ejectionCooldownMs: number;
    ejectAfterFailures: number;
    queueProbeIntervalMs: number;
  };
  flushIntervalMs: number;
  logging: { level: string; logBodies: boolean };
}

/** A configuration problem: a stable code, where, and what. */
export interface ConfigFinding {
  code: string;
  file: string;
  path: string;
  message: string;
}

/** A resolved configuration, or every finding that stops it. */
export type ResolvedGatewayConfig =
  /** `warnings`: findings that do not stop the gateway (GW005: a team names a model no route serves yet). */
  { ok: true; config: GatewayConfig; warnings: ConfigFinding[] } | { ok: false; findings: ConfigFinding[] };

/**
 * Parses and checks configuration documents; returns the config (with warnings) or every finding. A team may name a
 * model no route serves (GW005, a warning): routes and teams come from separate owners in the cluster (`aiplat render`
 * and a Secret), and the gateway must start, and reload, before the routes exist; the team gets 404 for that model
 * until a route serves it.
 */
export function resolveGatewayConfig(docs: ReadonlyArray<{ file: string; data: unknown }>): ResolvedGatewayConfig {
  const findings: ConfigFinding[] = [];
  const parsed: Array<z.output<typeof gatewayConfigSchema>> = [];
  for (const { file, data } of docs) {
    const r = gatewayConfigSchema.safeParse(data ?? {});
    if (r.success) parsed.push(r.data);
    else
      for (const issue of r.error.issues)
        findings.push({ code: "GW001", file, path: issue.path.join("."), message: issue.message });
  }
  if (findings.length > 0) return { ok: false, findings };
  const config: GatewayConfig = {
    listen: { host: "127.0.0.1", port: 8080 },
    models: [],
    teams: [],
    adminKeys: [],
    maxBodyBytes: 1_048_576,
    timeouts: { firstByteMs: 30_000, totalMs: 600_000, connectMs: 2_000 },
    routing: { maxAttempts: 3, ejectionCooldownMs: 5_000, ejectAfterFailures: 1, queueProbeIntervalMs: 1_000 },
    flushIntervalMs: 200,
    logging: { level: "info", logBodies: false },
  };
  for (const p of parsed) {
    if (p.listen) config.listen = p.listen;
    config.models.push(...p.models);
    config.teams.push(...p.teams);
    if (p.admin) config.adminKeys.push(...p.admin.keys);
    if (p.limits) config.maxBodyBytes = p.limits.maxBodyBytes;
    if (p.timeouts) config.timeouts = p.timeouts;
    if (p.routing) config.routing = p.routing;
    if (p.metering) config.flushIntervalMs = p.metering.flushIntervalMs;
    if (p.logging) config.logging = p.logging;
  }
  const file = docs.map((d) => d.file).join(", ");
  const names = new Set<string>();
  config.models.forEach((m, i) => {
    if (names.has(m.name))
      findings.push({ code: "GW002", file, path: `models.${i}.name`, message: `duplicate model "${m.name}"` });
    names.add(m.name);
  });
  config.models.forEach((m, i) => {
    m.fallbacks.forEach((f, j) => {
      if (!names.has(f))
        findings.push({
          code: "GW003",
          file,
          path: `models.${i}.fallbacks.${j}`,
          message: `unknown fallback model "${f}"; known: ${[...names].join(", ")}`,
        });
    });
  });
  const keyHashes = new Set<string>();
  const keyIds = new Set<string>();
  const allKeys = [...config.teams.flatMap((t) => t.keys), ...config.adminKeys];
  for (const k of allKeys) {
    if (keyHashes.has(k.sha256) || keyIds.has(k.id))
      findings.push({
        code: "GW004",
        file,
        path: "teams.keys",
        message: `key "${k.id}" is listed twice (same id or hash)`,
      });
    keyHashes.add(k.sha256);
    keyIds.add(k.id);
  }
  const warnings: ConfigFinding[] = [];
  config.teams.forEach((t, i) => {
    t.models.forEach((m, j) => {
      if (m !== "*" && !names.has(m))
        warnings.push({
          code: "GW005",
          file,
          path: `teams.${i}.models.${j}`,
          message: `team "${t.name}" allows model "${m}", which no route serves (yet): requests for it get 404 until one does`,
        });
    });
  });
  return findings.length > 0 ? { ok: false, findings } : { ok: true, config, warnings };
}

/** Reads configuration files (YAML or JSON) and resolves them. */
export function loadGatewayConfig(files: readonly string[]): ResolvedGatewayConfig {
  const docs: Array<{ file: string; data: unknown }> = [];
  const findings: ConfigFinding[] = [];
  for (const file of files) {
    try {
      docs.push({ file, data: parseYaml(readFileSync(file, "utf8")) });
    } catch (err) {
      findings.push({ code: "GW000", file, path: "", message: err instanceof Error ? err.message : String(err) });
    }
  }
  return findings.length > 0 ? { ok: false, findings } : resolveGatewayConfig(docs);
}
