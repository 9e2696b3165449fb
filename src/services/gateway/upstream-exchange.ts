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
    const handler = new ExchangeHandler(res, cancel, startMs, resolve);
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
      handler.finish({
        kind: "retry",
        code: (err as { code?: string }).code ?? "error",
        timeout: false,
        message: (err as Error).message,
      });
    }
  });
}

const noop = () => {};

/** undici's handler for one exchange: its state in fields and its callbacks as methods (one object per exchange). */
class ExchangeHandler implements Dispatcher.DispatchHandlers {
  private status = 0;
  private drainOnly = false;
  private streaming = false;
  private passthrough = false;
  private contentType = "application/json";
  private chunks: Buffer[] = [];
  private size = 0;
  private ttftMs: number | null = null;
  private settled = false;
  /** The last chunks (at least TAIL_BYTES of them, when there are that many), made a string once, at the end. */
  private tailChunks: Buffer[] = [];
  private tailSize = 0;
  private corked = false;
  private resumeFn: () => void = noop;

  constructor(
    private readonly res: ServerResponse,
    private readonly cancel: Cancel,
    private readonly startMs: number,
    private readonly resolve: (r: ExchangeResult) => void,
  ) {}

  finish(r: ExchangeResult): void {
    if (this.settled) return;
    this.settled = true;
    this.cancel.current = undefined;
    this.resolve(r);
  }

  private keepTail(chunk: Buffer): void {
    this.tailChunks.push(chunk);
    this.tailSize += chunk.length;
    if (this.tailSize - this.tailChunks[0]!.length >= TAIL_BYTES) {
      let drop = 0;
      while (this.tailSize - this.tailChunks[drop]!.length >= TAIL_BYTES)
        this.tailSize -= this.tailChunks[drop++]!.length;
      this.tailChunks = this.tailChunks.slice(drop);
    }
  }

  private tailString(): string {
    const all = this.tailChunks.length === 1 ? this.tailChunks[0]! : Buffer.concat(this.tailChunks, this.tailSize);
    return all.toString("latin1", Math.max(0, all.length - TAIL_BYTES));
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.res.uncork();
  };

  /**
   * Relays a chunk. Chunks that arrive together (one socket read holds several SSE events) leave in one socket write:
   * the response is corked at the first and uncorked once the current callback is done.
   */
  private write(chunk: Buffer): boolean {
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      process.nextTick(this.uncork);
    }
    if (this.res.write(chunk)) return true;
    this.res.once("drain", this.resumeFn);
    return false;
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.cancel.aborted) abort(new Error("request cancelled"));
    else this.cancel.current = abort as (err: Error) => void;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    this.status = statusCode;
    this.resumeFn = resume;
    if (statusCode >= 500) {
      this.drainOnly = true;
      return true;
    }
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const k = rawHeaders[i]!;
      if (k.length === 12 && k.toString("latin1").toLowerCase() === "content-type")
        this.contentType = rawHeaders[i + 1]!.toString("latin1");
    }
    if (this.contentType.includes("event-stream")) {
      this.streaming = true;
      // Tell nginx-style proxies in front of us not to buffer the stream; flush the status line at once.
      this.res.writeHead(statusCode, {
        "content-type": this.contentType,
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      });
      this.res.flushHeaders();
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.drainOnly) return true;
    if (this.ttftMs === null) this.ttftMs = Date.now() - this.startMs;
    if (this.streaming) {
      this.keepTail(chunk);
      return this.write(chunk);
    }
    this.size += chunk.length;
    if (!this.passthrough) {
      if (this.size <= BUFFER_BYTES) {
        this.chunks.push(chunk);
        return true;
      }
      this.passthrough = true;
      this.res.writeHead(this.status, { "content-type": this.contentType });
      for (const c of this.chunks) {
        this.res.write(c);
        this.keepTail(c);
      }
      this.chunks = [];
    }
    this.keepTail(chunk);
    return this.write(chunk);
  }

  onComplete(): void {
    const { res, status, ttftMs } = this;
    if (this.drainOnly) {
      this.finish({ kind: "retry", status, timeout: false });
      return;
    }
    if (this.streaming || this.passthrough) {
      res.end();
      this.finish({ kind: "done", status, tail: this.tailString(), ttftMs });
      return;
    }
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    res.writeHead(status, { "content-type": this.contentType, "content-length": all.length });
    res.end(all);
    this.finish({ kind: "done", status, tail: all.toString("latin1"), ttftMs });
  }

  onError(err: Error): void {
    const code = (err as { code?: string }).code ?? "";
    const timeout = this.cancel.timedOut || TIMEOUT_CODES.has(code);
    if (this.res.headersSent) {
      this.res.destroy();
      this.finish({ kind: "broken", ttftMs: this.ttftMs, timeout });
      return;
    }
    if (this.cancel.aborted && !this.cancel.timedOut) {
      this.finish({ kind: "client-gone" });
      return;
    }
    this.finish({ kind: "retry", code: code || (timeout ? "total timeout" : "error"), timeout, message: err.message });
  }
}
