/**
 * The one log line per inference request. For a logger made by `createLogger` the line is formatted here, field by
 * field, into the same JSON that pino writes for `logger.info(requestLogObject(r))` (same keys in the same order,
 * undefined fields left out, non-finite numbers as null): pino's generic formatter walks the object key by key, and
 * with a line per request it was the gateway's largest cost after the sockets. Any other logger (with its own
 * formatters, hooks or serializers) gets `logger.info`.
 */
import type { Logger } from "pino";
import { plainDestination } from "./logger.js";

/** What the request line says. */
export interface RequestLogRecord {
  path: string;
  team: string;
  keyId: string;
  model: string;
  servedModel: string;
  endpoint: string | undefined;
  status: number;
  code: string | undefined;
  latencyMs: number;
  ttftMs: number | null | undefined;
  attempts: number | undefined;
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  traceparent: string;
  /** The request body, only when `logging.logBodies` is set. */
  body?: string;
}

/** Writes a request's line (when the logger's level lets info lines through). */
export type RequestLog = (r: RequestLogRecord) => void;

/** The object `logger.info` gets for a request: the field order of the line. */
export function requestLogObject(r: RequestLogRecord): Record<string, unknown> {
  return {
    msg: "request",
    path: r.path,
    team: r.team,
    keyId: r.keyId,
    model: r.model,
    servedModel: r.servedModel,
    endpoint: r.endpoint,
    status: r.status,
    code: r.code,
    latencyMs: Math.round(r.latencyMs * 1000) / 1000,
    ttftMs: r.ttftMs,
    attempts: r.attempts,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    traceparent: r.traceparent,
    ...(r.body === undefined ? {} : { body: r.body }),
  };
}

const str = (key: string, v: string | undefined): string => (v === undefined ? "" : `,"${key}":${JSON.stringify(v)}`);
const num = (key: string, v: number | null | undefined): string =>
  v === undefined ? "" : `,"${key}":${v === null || !Number.isFinite(v) ? "null" : v}`;

/** The request-line writer for `logger`. */
export function requestLog(logger: Logger): RequestLog {
  const plain = plainDestination(logger);
  if (!plain) {
    return (r) => {
      if (logger.isLevelEnabled("info")) logger.info(requestLogObject(r));
    };
  }
  const { stream, bindings } = plain;
  return (r) => {
    if (!logger.isLevelEnabled("info")) return;
    stream.write(
      `{"level":30,"time":${Date.now()}${bindings},"msg":"request"${str("path", r.path)}${str("team", r.team)}` +
        `${str("keyId", r.keyId)}${str("model", r.model)}${str("servedModel", r.servedModel)}` +
        `${str("endpoint", r.endpoint)}${num("status", r.status)}${str("code", r.code)}` +
        `${num("latencyMs", Math.round(r.latencyMs * 1000) / 1000)}${num("ttftMs", r.ttftMs)}` +
        `${num("attempts", r.attempts)}${num("promptTokens", r.promptTokens)}` +
        `${num("completionTokens", r.completionTokens)}${str("traceparent", r.traceparent)}${str("body", r.body)}}\n`,
    );
  };
}
