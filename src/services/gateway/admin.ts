/**
 * The admin API (admin keys only): usage summaries and prompt management.
 *   GET  /v1/usage?since=<ISO time or ms>                      usage by team and model (default: since UTC midnight)
 *   POST /v1/prompts/{name}/versions  {messages, variables}    a new immutable version (201)
 *   GET  /v1/prompts/{name}                                    versions and labels
 *   GET  /v1/prompts/{name}/versions/{n}                       one version
 *   PUT  /v1/prompts/{name}/labels/{label}  {version}          move a label (audited)
 *   GET  /v1/prompts/{name}/audit                              label moves, oldest first
 *   POST /v1/prompts/{name}/render  {label|version, variables} the rendered messages
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type GatewayError, gatewayError, sendError, sendJson } from "./errors.js";
import type { Principal } from "./keys.js";
import { PROMPT_NAME, type PromptResolver, parsePromptVersion, renderPrompt } from "./prompts.js";
import type { GatewayStore } from "./store.js";
import type { UsageMeter } from "./usage-meter.js";

/** Collaborators of the admin API. */
export interface AdminDeps {
  store: GatewayStore;
  meter: UsageMeter;
  prompts: PromptResolver;
}

const isError = (x: unknown): x is GatewayError =>
  typeof x === "object" && x !== null && "status" in x && "code" in x && "type" in x;

/** Start of the current UTC day, ms. */
export function utcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Handles an admin request; the body is already read and parsed (undefined for GET). */
export async function handleAdmin(
  deps: AdminDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  principal: Principal,
  body: unknown,
): Promise<void> {
  if (!principal.admin) return sendError(res, gatewayError(403, "admin_only", "this endpoint needs an admin key"));
  const method = req.method ?? "GET";
  const path = url.pathname;
  if (path === "/v1/usage" && method === "GET") {
    const sinceParam = url.searchParams.get("since");
    const since =
      sinceParam === null
        ? utcMidnight(Date.now())
        : /^\d+$/.test(sinceParam)
          ? Number(sinceParam)
          : Date.parse(sinceParam);
    if (!Number.isFinite(since))
      return sendError(
        res,
        gatewayError(400, "invalid_since", "`since` must be an ISO time or ms since the epoch", { param: "since" }),
      );
    await deps.meter.flush();
    return sendJson(res, 200, {
      object: "list",
      since: new Date(since).toISOString(),
      data: await deps.store.usageSummary(since),
    });
  }
  const m = /^\/v1\/prompts\/([^/]+)(?:\/(versions|labels|audit|render)(?:\/([^/]+))?)?$/.exec(path);
  if (!m) return sendError(res, gatewayError(404, "not_found", `no route ${method} ${path}`));
  const name = decodeURIComponent(m[1]!);
  const sub = m[2];
  const arg = m[3] === undefined ? undefined : decodeURIComponent(m[3]);
  if (!PROMPT_NAME.test(name))
    return sendError(
      res,
      gatewayError(400, "invalid_prompt_name", `prompt names match ${PROMPT_NAME.source}`, { param: "name" }),
    );

  if (sub === "versions" && arg === undefined && method === "POST") {
    const parsed = parsePromptVersion(body);
    if (isError(parsed)) return sendError(res, parsed);
    const v = await deps.store.createPromptVersion({ name, ...parsed, createdBy: principal.keyId });
    return sendJson(res, 201, { object: "prompt.version", ...v });
  }
  if (sub === undefined && method === "GET") {
    const versions = await deps.store.listPromptVersions(name);
    if (versions.length === 0) return sendError(res, gatewayError(404, "prompt_not_found", `no prompt "${name}"`));
    return sendJson(res, 200, { object: "prompt", name, labels: await deps.store.labels(name), versions });
  }
  if (sub === "versions" && arg !== undefined && method === "GET") {
    const v = /^\d+$/.test(arg) ? await deps.store.getPromptVersion(name, Number(arg)) : undefined;
    if (!v) return sendError(res, gatewayError(404, "prompt_not_found", `prompt "${name}" has no version ${arg}`));
    return sendJson(res, 200, { object: "prompt.version", ...v });
  }
  if (sub === "labels" && arg !== undefined && method === "PUT") {
    if (!PROMPT_NAME.test(arg))
      return sendError(
        res,
        gatewayError(400, "invalid_label", `labels match ${PROMPT_NAME.source}`, { param: "label" }),
      );
    const version = (body as { version?: unknown } | undefined)?.version;
    if (typeof version !== "number" || !Number.isInteger(version))
      return sendError(res, gatewayError(400, "invalid_version", "`version` must be an integer", { param: "version" }));
    if (!(await deps.store.getPromptVersion(name, version)))
      return sendError(
        res,
        gatewayError(404, "prompt_not_found", `prompt "${name}" has no version ${version}`, { param: "version" }),
      );
    const row = await deps.store.moveLabel(name, arg, version, principal.keyId);
    deps.prompts.invalidate(name, arg);
    return sendJson(res, 200, { object: "prompt.label", ...row });
  }
  if (sub === "audit" && arg === undefined && method === "GET")
    return sendJson(res, 200, { object: "list", data: await deps.store.labelAudit(name) });
  if (sub === "render" && arg === undefined && method === "POST") {
    const b = (body ?? {}) as { label?: string; version?: number; variables?: Record<string, unknown> };
    const v = await deps.prompts.resolve({ name, label: b.label, version: b.version }, Date.now());
    if (isError(v)) return sendError(res, v);
    const out = renderPrompt(v, b.variables ?? {});
    if (isError(out)) return sendError(res, out);
    return sendJson(res, 200, { object: "prompt.rendered", name, version: v.version, messages: out });
  }
  return sendError(res, gatewayError(405, "method_not_allowed", `${method} is not allowed on ${path}`));
}
