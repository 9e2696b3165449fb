/** Reading request bodies with a size cap, and finding the usage in an upstream response without parsing it all. */
import type { IncomingMessage } from "node:http";
import { type GatewayError, gatewayError } from "./errors.js";

/** Past this many bytes an oversize body is no longer drained: the connection is dropped. */
const DRAIN_LIMIT_FACTOR = 16;

/** Reads the whole body, or a 413 error (after draining, so the client reads the answer) when it exceeds `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | GatewayError> {
  return new Promise((resolve) => {
    const tooLarge = () =>
      gatewayError(413, "request_too_large", `request body exceeds ${maxBytes} bytes`, {
        type: "invalid_request_error",
      });
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    if (declared > maxBytes * DRAIN_LIMIT_FACTOR) {
      resolve(tooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > maxBytes;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) over = true;
      if (!over) chunks.push(c);
      else if (size > maxBytes * DRAIN_LIMIT_FACTOR) req.destroy();
    });
    req.on("end", () => resolve(over ? tooLarge() : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("error", () => resolve(gatewayError(400, "bad_request", "request body could not be read")));
  });
}

/** Token counts found in a response. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

const PROMPT = /"prompt_tokens"\s*:\s*(\d+)/;
const COMPLETION = /"completion_tokens"\s*:\s*(\d+)/;

/**
 * Finds the last non-null `"usage": {...}` object in a response tail (the body of a non-streamed response, or the end of
 * an SSE stream, where the final chunk carries usage when `stream_options.include_usage` is set).
 */
export function findUsage(tail: string): Usage | undefined {
  let from = tail.length;
  while (from > 0) {
    const i = tail.lastIndexOf('"usage"', from);
    if (i < 0) return undefined;
    const open = tail.indexOf("{", i);
    const close = tail.indexOf("}", i);
    const colonNull = /^"usage"\s*:\s*null/.test(tail.slice(i, i + 20));
    if (!colonNull && open > 0 && close > open) {
      const obj = tail.slice(open, close + 1);
      const p = PROMPT.exec(obj);
      if (p) return { promptTokens: Number(p[1]), completionTokens: Number(COMPLETION.exec(obj)?.[1] ?? 0) };
    }
    from = i - 1;
  }
  return undefined;
}
