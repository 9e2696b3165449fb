/**
 * One exchange with an upstream endpoint through undici's `dispatch` handler API: no Readable, no async iterator, no
 * per-request AbortController. Streams (SSE) are relayed chunk by chunk as they arrive, with backpressure; a whole JSON
 * body is relayed in one write with its headers. A 5xx answer is drained and reported for a retry, since nothing has
 * reached the client then.
 */
import type { ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import type { Endpoint } from "./endpoint.js";

/** Cancellation shared by a request's attempts: the client's disconnect and the total timeout set it. */
export interface Cancel {
  aborted: boolean;
  timedOut: boolean;
  /** Aborts the exchange in flight, if any. */
  current?: (err: Error) => void;
}

/** How an exchange ended. */
export type ExchangeResult =
  /** Nothing was sent to the client: the caller may retry elsewhere (`status` set for a 5xx, `code` for an error). */
  | { kind: "retry"; status?: number; code?: string; timeout: boolean; message?: string }
  /** The response was relayed. */
  | { kind: "done"; status: number; tail: string; ttftMs: number | null }
  /** The upstream failed after bytes reached the client: the response was cut. */
  | { kind: "broken"; ttftMs: number | null; timeout: boolean }
  | { kind: "client-gone" };

/** What to send upstream. */
export interface ExchangeRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

const TAIL_BYTES = 8192;
/** Non-streamed bodies up to this size are relayed in one write; larger ones are streamed through. */
const BUFFER_BYTES = 4 * 1024 * 1024;
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** Sends one request to `ep` and relays the answer into `res`; never rejects. */
export function exchange(
  ep: Endpoint,
  req: ExchangeRequest,
  res: ServerResponse,
  cancel: Cancel,
  startMs: number,
): Promise<ExchangeResult> {
  return new Promise<ExchangeResult>((resolve) => {
    let status = 0;
    let drainOnly = false;
    let streaming = false;
    let passthrough = false;
    let contentType = "application/json";
    let chunks: Buffer[] = [];
    let size = 0;
    let ttftMs: number | null = null;
    let settled = false;
    const finish = (r: ExchangeResult) => {
      if (settled) return;
      settled = true;
      cancel.current = undefined;
      resolve(r);
    };
    // The last chunks (at least TAIL_BYTES of them, when there are that many), turned into the tail string once, at
    // the end, instead of a string per chunk.
    let tailChunks: Buffer[] = [];
    let tailSize = 0;
    const keepTail = (chunk: Buffer) => {
      tailChunks.push(chunk);
      tailSize += chunk.length;
      if (tailSize - tailChunks[0]!.length >= TAIL_BYTES) {
        let drop = 0;
        while (tailSize - tailChunks[drop]!.length >= TAIL_BYTES) tailSize -= tailChunks[drop++]!.length;
        tailChunks = tailChunks.slice(drop);
      }
    };
    const tailString = (): string => {
      const all = tailChunks.length === 1 ? tailChunks[0]! : Buffer.concat(tailChunks, tailSize);
      return all.toString("latin1", Math.max(0, all.length - TAIL_BYTES));
    };
    // Stream chunks that arrive together (one socket read holds several SSE events) leave in one socket write: the
    // response is corked at the first and uncorked once the current callback is done.
    let corked = false;
    const uncork = () => {
      corked = false;
      res.uncork();
    };
    const write = (chunk: Buffer, resume: () => void): boolean => {
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(uncork);
      }
      if (res.write(chunk)) return true;
      res.once("drain", resume);
      return false;
    };
    let resumeFn: () => void = () => {};
    const handler: Dispatcher.DispatchHandlers = {
      onConnect(abort) {
        if (cancel.aborted) abort(new Error("request cancelled"));
        else cancel.current = abort as (err: Error) => void;
      },
      onHeaders(statusCode, rawHeaders, resume) {
        status = statusCode;
        resumeFn = resume;
        if (statusCode >= 500) {
          drainOnly = true;
          return true;
        }
        for (let i = 0; i < rawHeaders.length; i += 2) {
          const k = rawHeaders[i]!;
          if (k.length === 12 && k.toString("latin1").toLowerCase() === "content-type")
            contentType = rawHeaders[i + 1]!.toString("latin1");
        }
        if (contentType.includes("event-stream")) {
          streaming = true;
          // Tell nginx-style proxies in front of us not to buffer the stream; flush the status line at once.
          res.writeHead(statusCode, {
            "content-type": contentType,
            "cache-control": "no-cache",
            "x-accel-buffering": "no",
          });
          res.flushHeaders();
        }
        return true;
      },
      onData(chunk) {
        if (drainOnly) return true;
        if (ttftMs === null) ttftMs = Date.now() - startMs;
        if (streaming) {
          keepTail(chunk);
          return write(chunk, resumeFn);
        }
        size += chunk.length;
        if (!passthrough) {
          if (size <= BUFFER_BYTES) {
            chunks.push(chunk);
            return true;
          }
          passthrough = true;
          res.writeHead(status, { "content-type": contentType });
          for (const c of chunks) {
            res.write(c);
            keepTail(c);
          }
          chunks = [];
        }
        keepTail(chunk);
        return write(chunk, resumeFn);
      },
      onComplete() {
        if (drainOnly) return finish({ kind: "retry", status, timeout: false });
        if (streaming || passthrough) {
          res.end();
          return finish({ kind: "done", status, tail: tailString(), ttftMs });
        }
        const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        res.writeHead(status, { "content-type": contentType, "content-length": all.length });
        res.end(all);
        finish({ kind: "done", status, tail: all.toString("latin1"), ttftMs });
      },
      onError(err) {
        const code = (err as { code?: string }).code ?? "";
        const timeout = cancel.timedOut || TIMEOUT_CODES.has(code);
        if (res.headersSent) {
          res.destroy();
          return finish({ kind: "broken", ttftMs, timeout });
        }
        if (cancel.aborted && !cancel.timedOut) return finish({ kind: "client-gone" });
        finish({ kind: "retry", code: code || (timeout ? "total timeout" : "error"), timeout, message: err.message });
      },
    };
    try {
      ep.pool.dispatch(
        {
          path: req.path,
          method: "POST",
          headers: req.headers,
          body: req.body,
          headersTimeout: req.headersTimeoutMs,
          bodyTimeout: req.bodyTimeoutMs,
        },
        handler,
      );
    } catch (err) {
      finish({
        kind: "retry",
        code: (err as { code?: string }).code ?? "error",
        timeout: false,
        message: (err as Error).message,
      });
    }
  });
}
