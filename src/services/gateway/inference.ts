/**
 * The inference endpoints (`/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`): checks (body, model, team
 * permission, limits), prompt rendering, then the proxy; then metering, metrics and one log line.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { readBody } from "./body.js";
import type { GatewayConfig, TeamConfig } from "./config.js";
import { type GatewayError, gatewayError, sendError } from "./errors.js";
import type { Principal } from "./keys.js";
import type { Limiter } from "./limiter.js";
import type { GatewayMetrics } from "./metrics.js";
import { type PromptResolver, readPromptRef, renderPrompt } from "./prompts.js";
import { type ProxyDeps, type ProxyOutcome, proxy } from "./proxy.js";
import type { RequestLog } from "./request-log.js";
import type { Router } from "./router.js";
import { startRequestTrace } from "./tracing.js";
import type { Cancel } from "./upstream-exchange.js";
import type { UsageMeter } from "./usage-meter.js";

/** Everything the inference handler uses. */
export interface InferenceDeps {
  config: GatewayConfig;
  router: Router;
  limiter: Limiter;
  meter: UsageMeter;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Writes the request's log line (made once from `logger` by `requestLog`). */
  requestLog: RequestLog;
  prompts: PromptResolver;
}

/** The proxy's collaborators, made once per set of inference deps rather than per request. */
const proxyDepsOf = new WeakMap<InferenceDeps, ProxyDeps>();
function proxyDeps(deps: InferenceDeps): ProxyDeps {
  let p = proxyDepsOf.get(deps);
  if (!p) {
    p = {
      router: deps.router,
      config: deps.config,
      onUpstreamFailure: (e, reason) =>
        deps.metrics.upstreamFailures.inc({ model: e.routeModel, endpoint: e.origin, reason }),
    };
    proxyDepsOf.set(deps, p);
  }
  return p;
}

/** The team admin keys act as when they call inference endpoints: no limits. */
const ADMIN_TEAM: TeamConfig = { name: "admin", keys: [], models: ["*"] };

const isError = (x: unknown): x is GatewayError =>
  typeof x === "object" && x !== null && "status" in x && "code" in x && "type" in x;

/** Handles one inference request end to end. */
export async function handleInference(
  deps: InferenceDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  principal: Principal,
): Promise<void> {
  const start = Date.now();
  const t0 = performance.now();
  const team = principal.team ?? ADMIN_TEAM;
  let model = "";
  let outcome: ProxyOutcome | undefined;
  let rejected: GatewayError | undefined;
  let bodyText: string | undefined;
  const trace = startRequestTrace(`POST ${path}`, req.headers.traceparent as string | undefined);
  try {
    const prep = await prepare(deps, req, path, principal, team, start);
    model = prep.model;
    if ("error" in prep) {
      rejected = prep.error;
      return;
    }
    const { body, parsed } = prep;
    if (deps.config.logging.logBodies) bodyText = body.toString("utf8");
    const cancel: Cancel = { aborted: false, timedOut: false };
    res.once("close", () => {
      if (res.writableFinished) return;
      cancel.aborted = true;
      cancel.current?.(new Error("client closed the request"));
    });
    outcome = await proxy(
      proxyDeps(deps),
      {
        path,
        model,
        body,
        parsed,
        traceparent: trace.traceparent,
        tracestate: req.headers.tracestate as string | undefined,
        cancel,
      },
      res,
      start,
    );
    if (outcome.error && outcome.error.status !== 499) sendError(res, outcome.error);
  } finally {
    if (rejected) sendError(res, rejected);
    const status = rejected?.status ?? outcome?.status ?? 500;
    const latencyMs = performance.now() - t0;
    const usage = outcome?.usage;
    const served = outcome?.servedModel || model;
    deps.meter.record({
      time: start,
      team: team.name,
      keyId: principal.keyId,
      model: served,
      endpoint: outcome?.endpoint ?? "",
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      latencyMs,
      ttftMs: outcome?.ttftMs ?? null,
      status,
    });
    const m = deps.metrics;
    m.requests.inc(served, team.name, status);
    m.latency.observe(served, latencyMs / 1000);
    if (outcome?.ttftMs != null) m.ttft.observe(served, outcome.ttftMs / 1000);
    if (usage) {
      m.tokens.inc(served, team.name, "prompt", usage.promptTokens);
      m.tokens.inc(served, team.name, "completion", usage.completionTokens);
      const charged = deps.limiter.charge(team, usage.promptTokens + usage.completionTokens, Date.now());
      if (charged) charged.catch((err: unknown) => deps.logger.warn({ err }, "limiter charge failed"));
    }
    trace.span.setAttribute("http.response.status_code", status);
    trace.span.end();
    deps.requestLog({
      path,
      team: team.name,
      keyId: principal.keyId,
      model,
      servedModel: served,
      endpoint: outcome?.endpoint,
      status,
      code: rejected?.code ?? outcome?.error?.code,
      latencyMs,
      ttftMs: outcome?.ttftMs,
      attempts: outcome?.attempts,
      promptTokens: usage?.promptTokens,
      completionTokens: usage?.completionTokens,
      traceparent: trace.traceparent,
      body: bodyText,
    });
  }
}

type Prepared =
  | { model: string; error: GatewayError }
  | { model: string; body: Buffer; parsed: Record<string, unknown> };

/** Reads and checks the request (body, model, permission, limits, prompt); returns the body to send or the error. */
async function prepare(
  deps: InferenceDeps,
  req: IncomingMessage,
  path: string,
  principal: Principal,
  team: TeamConfig,
  start: number,
): Promise<Prepared> {
  const raw = await readBody(req, deps.config.maxBodyBytes);
  if (isError(raw)) return { model: "", error: raw };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
  } catch (err) {
    return {
      model: "",
      error: gatewayError(400, "invalid_json", `request body is not valid JSON: ${(err as Error).message}`),
    };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { model: "", error: gatewayError(400, "invalid_body", "request body must be a JSON object") };
  if (typeof parsed.model !== "string" || parsed.model.length === 0)
    return {
      model: "",
      error: gatewayError(400, "missing_model", "you must provide a model parameter", { param: "model" }),
    };
  const model = parsed.model;
  if (!deps.router.routes.has(model))
    return {
      model,
      error: gatewayError(404, "model_not_found", `The model \`${model}\` does not exist`, { param: "model" }),
    };
  if (principal.allowed && !principal.allowed.has(model))
    return {
      model,
      error: gatewayError(403, "model_not_allowed", `team "${team.name}" may not use model \`${model}\``, {
        param: "model",
      }),
    };
  // The local limiter answers at once; only a shared (Redis) one needs awaiting.
  const admission = deps.limiter.admit(team, start);
  const admitted = admission instanceof Promise ? await admission : admission;
  if (!admitted.ok) {
    deps.metrics.limiterRejections.inc({ team: team.name, limit: admitted.limit });
    const what = admitted.limit.replaceAll("_", " ");
    return {
      model,
      error: gatewayError(429, admitted.limit, `team "${team.name}" is over its ${what}`, {
        retryAfterSeconds: admitted.retryAfterSeconds,
      }),
    };
  }
  let rewrite = false;
  // On /v1/completions `prompt` is the text to complete; a prompt reference exists on chat completions only.
  if (parsed.prompt !== undefined && path === "/v1/chat/completions") {
    const ref = readPromptRef(parsed.prompt);
    if (isError(ref)) return { model, error: ref };
    const version = ref ? await deps.prompts.resolve(ref, start) : undefined;
    if (isError(version)) return { model, error: version };
    if (version && ref) {
      const messages = renderPrompt(version, ref.variables ?? {});
      if (isError(messages)) return { model, error: messages };
      parsed.messages = [...messages, ...(Array.isArray(parsed.messages) ? parsed.messages : [])];
      delete parsed.prompt;
      rewrite = true;
    }
  }
  if (parsed.stream === true && path !== "/v1/embeddings") {
    const so = parsed.stream_options as { include_usage?: boolean } | undefined;
    if (so?.include_usage !== true) {
      // Ask for the usage chunk so streamed requests are metered; clients see one extra chunk with empty choices.
      parsed.stream_options = { ...(so ?? {}), include_usage: true };
      rewrite = true;
    }
  }
  return { model, body: rewrite ? Buffer.from(JSON.stringify(parsed)) : raw, parsed };
}
