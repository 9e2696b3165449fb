/** OpenAI-shaped error responses: `{"error": {"message", "type", "param", "code"}}` with the matching HTTP status. */
import type { ServerResponse } from "node:http";

/** An error the gateway answers with, as data. */
export interface GatewayError {
  status: number;
  type: string;
  code: string;
  message: string;
  param?: string | null;
  /** Seconds, for 429 and 503. */
  retryAfterSeconds?: number;
}

/** Builds a `GatewayError`. */
export function gatewayError(
  status: number,
  code: string,
  message: string,
  extra: Partial<Pick<GatewayError, "param" | "retryAfterSeconds" | "type">> = {},
): GatewayError {
  const type =
    extra.type ??
    (status === 401
      ? "authentication_error"
      : status === 403
        ? "permission_error"
        : status === 429
          ? "rate_limit_error"
          : status >= 500
            ? "server_error"
            : "invalid_request_error");
  return { status, type, code, message, param: extra.param ?? null, retryAfterSeconds: extra.retryAfterSeconds };
}

/** Writes an error in OpenAI's shape, unless the response has already started. */
export function sendError(res: ServerResponse, err: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    error: { message: err.message, type: err.type, param: err.param ?? null, code: err.code },
  });
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  };
  if (err.retryAfterSeconds !== undefined) headers["retry-after"] = Math.max(1, Math.ceil(err.retryAfterSeconds));
  res.writeHead(err.status, headers);
  res.end(body);
}

/** Writes a JSON body with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(data) });
  res.end(data);
}
