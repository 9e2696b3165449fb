/**
 * A realistic OpenAI-compatible LLM upstream for tests and benchmarks: chat and text completions (streamed over SSE or
 * not), embeddings, models, `/health`, and vLLM-style `/metrics`. Time to first token and inter-token latency are
 * configurable; requests beyond `maxRunning` wait in a queue; failures can be injected at start or at run time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type FailureOptions,
  type ResolvedSimulatorOptions,
  resolveFailure,
  resolveSimulatorOptions,
  type SimulatorOptions,
} from "./options.js";
import { Scheduler } from "./scheduler.js";
import { countTokens, embed, promptText, tokenAt } from "./text.js";

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  /** Current options (mutable at run time through `configure`). */
  readonly options: ResolvedSimulatorOptions;
  /** Counters: requests received, completed, failed by injection. */
  readonly stats: { received: number; completed: number; injected: number };
  /** Headers of the last inference request (for trace-propagation tests). */
  readonly lastHeaders: IncomingMessage["headers"] | undefined;
  /** Changes failure injection from now on. */
  inject(failure: FailureOptions): void;
  /** Changes latency settings from now on. */
  configure(patch: Partial<Pick<ResolvedSimulatorOptions, "ttftMs" | "itlMs" | "completionTokens">>): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** The whole request body (listeners, not an async iterator: cheaper per request). */
function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const sleep = (ms: number): Promise<void> | undefined =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined;

/** Starts a simulator and resolves once it listens. */
export async function startSimulator(input: SimulatorOptions = {}): Promise<Simulator> {
  const options = resolveSimulatorOptions(input);
  const scheduler = new Scheduler(options.maxRunning);
  const stats = { received: 0, completed: 0, injected: 0, success: 0 };
  let lastHeaders: IncomingMessage["headers"] | undefined;
  let idSeq = 0;

  /** Whether this request is hit by the injected failure (consumes one of `count`). */
  const failureHits = (): boolean => {
    const f = options.failure;
    if (f.mode === "none") return false;
    if (f.count !== undefined) {
      if (f.count <= 0) return false;
      f.count--;
      return true;
    }
    return f.rate >= 1 || Math.random() < f.rate;
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    const data = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(data) });
    res.end(data);
  };

  const handleInference = async (req: IncomingMessage, res: ServerResponse, kind: "chat" | "text" | "embeddings") => {
    stats.received++;
    lastHeaders = req.headers;
    const raw = await readAll(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    } catch {
      sendJson(res, 400, {
        error: { message: "invalid JSON", type: "invalid_request_error", param: null, code: null },
      });
      return;
    }
    const model = String(body.model ?? "");
    if (!options.models.includes(model)) {
      sendJson(res, 404, {
        error: { message: `The model \`${model}\` does not exist.`, type: "NotFoundError", param: "model", code: 404 },
      });
      return;
    }
    const failing = failureHits() ? options.failure.mode : "none";
    if (failing !== "none") stats.injected++;
    if (failing === "status") {
      sendJson(res, options.failure.status, {
        error: { message: "injected failure", type: "server_error", param: null, code: options.failure.status },
      });
      return;
    }
    if (failing === "reset") {
      req.socket.destroy();
      return;
    }
    if (failing === "hang") return; // never answers; the client's timeout decides

    const wait = scheduler.acquire();
    if (wait) await wait;
    try {
      if (kind === "embeddings") {
        const inputs = Array.isArray(body.input) ? (body.input as unknown[]).map(String) : [String(body.input ?? "")];
        const tokens = inputs.reduce((n, s) => n + countTokens(s), 0);
        await sleep(options.ttftMs);
        sendJson(res, 200, {
          object: "list",
          model,
          data: inputs.map((s, index) => {
            const v = embed(s, options.embeddingDimensions);
            // The openai clients ask for base64 (little-endian float32) by default.
            const embedding =
              body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
            return { object: "embedding", index, embedding };
          }),
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        });
        stats.completed++;
        return;
      }
      await generate(req, res, body, model, kind, failing === "stream-abort");
    } finally {
      scheduler.release();
    }
  };

  const generate = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Record<string, unknown>,
    model: string,
    kind: "chat" | "text",
    abortMidStream: boolean,
  ) => {
    const promptTokens = countTokens(promptText(body));
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : options.completionTokens;
    const n = Math.max(1, Math.min(maxTokens, 4096));
    const id = `${kind === "chat" ? "chatcmpl" : "cmpl"}-sim${++idSeq}`;
    const created = Math.floor(Date.now() / 1000);
    const object = kind === "chat" ? "chat.completion" : "text_completion";
    const usage = { prompt_tokens: promptTokens, completion_tokens: n, total_tokens: promptTokens + n };
    scheduler.kvTokens += promptTokens + n;
    try {
      if (body.stream === true) {
        const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.flushHeaders();
        const chunkObject = kind === "chat" ? "chat.completion.chunk" : "text_completion";
        const head = `{"id":"${id}","object":"${chunkObject}","created":${created},"model":${JSON.stringify(model)},"choices":[`;
        const tail = includeUsage ? ',"usage":null}' : "}";
        await sleep(options.ttftMs);
        let closed = false;
        // The response's close (not the keep-alive socket's): one listener per request, gone with the response.
        res.once("close", () => {
          closed = true;
        });
        const event = (i: number): string => {
          const text = JSON.stringify(tokenAt(i));
          const choice =
            kind === "chat"
              ? `{"index":0,"delta":${i === 0 ? `{"role":"assistant","content":${text}}` : `{"content":${text}}`},"logprobs":null,"finish_reason":null}`
              : `{"index":0,"text":${text},"logprobs":null,"finish_reason":null}`;
          return `data: ${head}${choice}]${tail}\n\n`;
        };
        // No inter-token latency: every event is ready at once, so they go out in one write (as a server under load
        // coalesces them) rather than one socket write per event.
        const batched = options.itlMs <= 0 && !abortMidStream;
        let pending = "";
        for (let i = 0; i < n && !closed; i++) {
          if (batched) {
            pending += event(i);
            continue;
          }
          if (i > 0) await sleep(options.itlMs);
          if (abortMidStream && i === Math.min(2, n - 1)) {
            req.socket.destroy();
            return;
          }
          res.write(event(i));
        }
        const last =
          kind === "chat"
            ? `{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}`
            : `{"index":0,"text":"","logprobs":null,"finish_reason":"length"}`;
        let end = `${pending}data: ${head}${last}]${tail}\n\n`;
        if (includeUsage) end += `data: ${head}],"usage":${JSON.stringify(usage)}}\n\n`;
        res.end(`${end}data: [DONE]\n\n`);
      } else {
        await sleep(options.ttftMs + options.itlMs * (n - 1));
        let text = "";
        for (let i = 0; i < n; i++) text += tokenAt(i);
        const choice =
          kind === "chat"
            ? { index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: "length" }
            : { index: 0, text, logprobs: null, finish_reason: "length" };
        sendJson(res, 200, { id, object, created, model, choices: [choice], usage });
      }
      stats.completed++;
    } finally {
      scheduler.kvTokens -= promptTokens + n;
    }
  };

  const metricsText = (): string => {
    const lines: string[] = [];
    const kv = Math.min(1, scheduler.kvTokens / options.kvCacheTokens);
    for (const m of options.models) {
      const l = `{model_name=${JSON.stringify(m)}}`;
      lines.push(
        `vllm:num_requests_running${l} ${scheduler.running}`,
        `vllm:num_requests_waiting${l} ${scheduler.numWaiting}`,
        `vllm:gpu_cache_usage_perc${l} ${kv}`,
        `vllm:kv_cache_usage_perc${l} ${kv}`,
        `vllm:request_success_total${l} ${stats.completed}`,
      );
    }
    return [
      "# HELP vllm:num_requests_running Number of requests in model execution batches.",
      "# TYPE vllm:num_requests_running gauge",
      "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.",
      "# TYPE vllm:num_requests_waiting gauge",
      "# HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.",
      "# TYPE vllm:gpu_cache_usage_perc gauge",
      "# TYPE vllm:kv_cache_usage_perc gauge",
      "# TYPE vllm:request_success_total counter",
      ...lines,
      "",
    ].join("\n");
  };

  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    const path = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
    const run = (p: Promise<void>) =>
      p.catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: "server_error" } });
        else res.destroy();
      });
    if (req.method === "POST" && path === "/v1/chat/completions") return void run(handleInference(req, res, "chat"));
    if (req.method === "POST" && path === "/v1/completions") return void run(handleInference(req, res, "text"));
    if (req.method === "POST" && path === "/v1/embeddings") return void run(handleInference(req, res, "embeddings"));
    if (req.method === "GET" && path === "/v1/models") {
      const created = 1700000000;
      return sendJson(res, 200, {
        object: "list",
        data: options.models.map((id) => ({ id, object: "model", created, owned_by: "simulator" })),
      });
    }
    if (req.method === "GET" && path === "/health") return void res.writeHead(200).end();
    if (req.method === "GET" && path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      return void res.end(metricsText());
    }
    if (req.method === "POST" && path === "/sim/failure") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          options.failure = resolveFailure(JSON.parse(Buffer.concat(chunks).toString("utf8")) as FailureOptions);
          sendJson(res, 200, options.failure);
        } catch {
          sendJson(res, 400, { error: { message: "invalid JSON", type: "invalid_request_error" } });
        }
      });
      return;
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.port = port;
  return {
    url: `http://${options.host}:${port}`,
    port,
    options,
    stats,
    get lastHeaders() {
      return lastHeaders;
    },
    inject(failure) {
      options.failure = resolveFailure(failure);
    },
    configure(patch) {
      Object.assign(options, patch);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
