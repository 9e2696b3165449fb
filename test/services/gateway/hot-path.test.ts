/**
 * The request path's cheap forms keep the behaviour of what they replaced: batched log lines, buffered metrics (same
 * exposition as prom-client's own Counter and Histogram), remembered API keys, trace propagation with and without an
 * OpenTelemetry SDK, the usage batch encoding of the SQLite writer thread, and coalesced SSE relays.
 */
import {
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  type SpanOptions,
  TraceFlags,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { Counter, Histogram, Registry } from "prom-client";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { hashKey, KeyRing } from "../../../src/services/gateway/keys.js";
import { BATCH_CHARS, LineBatcher } from "../../../src/services/gateway/logger.js";
import { BufferedCounter, ModelHistogram } from "../../../src/services/gateway/metrics.js";
import { encodeUsage } from "../../../src/services/gateway/sqlite-usage-writer.js";
import type { UsageRecord } from "../../../src/services/gateway/store.js";
import { randomHex, startRequestTrace } from "../../../src/services/gateway/tracing.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { config } from "./helpers.js";

function sink() {
  const writes: string[] = [];
  return {
    writes,
    write(data: string) {
      writes.push(data);
      return true;
    },
    flush(cb?: (err?: Error | null) => void) {
      cb?.();
    },
    flushSync() {},
  };
}

describe("log line batching", () => {
  afterEach(() => vi.useRealTimers());

  it("writes lines together, in order, at most 100 ms after the first", () => {
    vi.useFakeTimers();
    const s = sink();
    const b = new LineBatcher(s);
    b.write('{"a":1}\n');
    b.write('{"a":2}\n');
    expect(s.writes).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(s.writes).toEqual(['{"a":1}\n{"a":2}\n']);
    vi.advanceTimersByTime(1000);
    expect(s.writes).toHaveLength(1);
  });

  it("writes at once past BATCH_CHARS (64 KiB) of lines, and on flush", () => {
    vi.useFakeTimers();
    const s = sink();
    const b = new LineBatcher(s);
    const line = `${"x".repeat(1023)}\n`;
    const n = BATCH_CHARS / line.length;
    for (let i = 0; i < n - 1; i++) b.write(line);
    expect(s.writes).toEqual([]);
    b.write(line);
    expect(s.writes).toEqual([line.repeat(n)]);
    b.write("last\n");
    b.flushSync();
    expect(s.writes).toEqual([line.repeat(n), "last\n"]);
    b.write("after\n");
    const done = vi.fn();
    b.flush(done);
    expect(s.writes.at(-1)).toBe("after\n");
    expect(done).toHaveBeenCalled();
  });
});

describe("buffered metrics", () => {
  it("expose exactly what prom-client's Counter and Histogram expose for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const requests = new BufferedCounter({
      name: "t_requests_total",
      help: "Requests",
      labelNames: ["model", "team", "status"],
      registers: [ours],
    });
    const latency = new ModelHistogram({
      name: "t_seconds",
      help: "Latency",
      buckets: [0.01, 0.1, 1],
      registers: [ours],
    });
    const c = new Counter({
      name: "t_requests_total",
      help: "Requests",
      labelNames: ["model", "team", "status"],
      registers: [theirs],
    });
    const h = new Histogram({
      name: "t_seconds",
      help: "Latency",
      labelNames: ["model"],
      buckets: [0.01, 0.1, 1],
      registers: [theirs],
    });
    const events: Array<[string, string, number, number]> = [
      ["m-a", "research", 200, 0.004],
      ["m-a", "research", 200, 0.01],
      ["m-b", "search", 429, 0.5],
      ["m-a", "research", 502, 7],
      ["m-b", "search", 200, 0.1],
    ];
    const feed = (from: number, to: number) => {
      for (const [model, team, status, seconds] of events.slice(from, to)) {
        requests.inc(model, team, status);
        c.inc({ model, team, status });
        latency.observe(model, seconds);
        h.observe({ model }, seconds);
      }
    };
    feed(0, 3);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    feed(3, 5);
    // A zero increment still creates the series, as prom-client's does.
    requests.inc("m-c", "search", 200, 0);
    c.inc({ model: "m-c", team: "search", status: 200 }, 0);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('t_seconds_bucket{le="+Inf",model="m-a"} 3');
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });
});

describe("API keys", () => {
  it("remembers keys found valid, never unknown ones", () => {
    const ring = new KeyRing(
      config({
        models: [{ name: "m", endpoints: [{ url: "http://127.0.0.1:1" }] }],
        teams: [{ name: "research", keys: [{ id: "r-1", sha256: hashKey("sk-r") }] }],
      }),
    );
    const known = (ring as unknown as { known: Map<string, unknown> }).known;
    const p = ring.authenticate("Bearer sk-r");
    expect(p?.keyId).toBe("r-1");
    expect(ring.authenticate("Bearer sk-r")).toBe(p);
    expect(ring.authenticate("Bearer sk-r ")).toBe(p);
    for (let i = 0; i < 100; i++) expect(ring.authenticate(`Bearer sk-wrong-${i}`)).toBeUndefined();
    expect(ring.authenticate("Basic sk-r")).toBeUndefined();
    expect(ring.authenticate("Bearer ")).toBeUndefined();
    expect(known.size).toBe(1);
  });
});

describe("trace propagation", () => {
  const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  afterAll(() => trace.disable());

  it("without an SDK keeps the caller's trace, names a fresh span id and records nothing", () => {
    const a = startRequestTrace("POST /v1/chat/completions", parent);
    const b = startRequestTrace("POST /v1/chat/completions", parent);
    expect(a.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(a.traceparent).not.toBe(b.traceparent);
    expect(a.traceparent).not.toContain("00f067aa0ba902b7");
    expect(a.span.isRecording()).toBe(false);
    const fresh = startRequestTrace("POST /v1/embeddings", undefined);
    expect(fresh.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(fresh.traceparent).not.toMatch(/^00-0{32}-/);
    expect(new Set(Array.from({ length: 2000 }, () => randomHex(8))).size).toBe(2000);
  });

  it("with an SDK registered (at any time) starts a server span under the caller's and propagates it", () => {
    const started: Array<{ name: string; options?: SpanOptions; parent?: SpanContext }> = [];
    const ended: string[] = [];
    const ctx: SpanContext = {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "1111222233334444",
      traceFlags: TraceFlags.SAMPLED,
    };
    const tracer = {
      startSpan(name: string, options?: SpanOptions, context = ROOT_CONTEXT) {
        started.push({ name, options, parent: trace.getSpanContext(context) });
        const attributes: Record<string, unknown> = {};
        return {
          spanContext: () => ctx,
          isRecording: () => true,
          setAttribute(k: string, v: unknown) {
            attributes[k] = v;
            return this;
          },
          end: () => ended.push(`${name} ${JSON.stringify(attributes)}`),
        } as unknown as Span;
      },
    } as unknown as Tracer;
    const provider: TracerProvider = { getTracer: () => tracer };
    expect(trace.setGlobalTracerProvider(provider)).toBe(true);
    const t = startRequestTrace("POST /v1/chat/completions", parent);
    expect(started).toHaveLength(1);
    expect(started[0]?.parent?.spanId).toBe("00f067aa0ba902b7");
    expect(t.traceparent).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-1111222233334444-01");
    t.span.setAttribute("http.response.status_code", 200);
    t.span.end();
    expect(ended).toEqual(['POST /v1/chat/completions {"http.response.status_code":200}']);
  });
});

describe("usage batch encoding (SQLite writer thread)", () => {
  it("carries every field, null time to first token included, with each distinct string once", () => {
    const rows: UsageRecord[] = [
      {
        time: 1_790_000_000_123,
        team: "research",
        keyId: "r-1",
        model: "m",
        endpoint: "http://a:1",
        promptTokens: 7,
        completionTokens: 2,
        latencyMs: 12.5,
        ttftMs: 3.25,
        status: 200,
      },
      {
        time: 1_790_000_000_456,
        team: "research",
        keyId: "r-1",
        model: "m",
        endpoint: "",
        promptTokens: 0,
        completionTokens: 0,
        latencyMs: 0.75,
        ttftMs: null,
        status: 429,
      },
    ];
    const { strings, cols } = encodeUsage(rows);
    expect(strings).toEqual(["research", "r-1", "m", "http://a:1", ""]);
    const decoded = [0, 10].map((o) => ({
      time: cols[o],
      team: strings[cols[o + 1]!],
      keyId: strings[cols[o + 2]!],
      model: strings[cols[o + 3]!],
      endpoint: strings[cols[o + 4]!],
      promptTokens: cols[o + 5],
      completionTokens: cols[o + 6],
      latencyMs: cols[o + 7],
      ttftMs: Number.isNaN(cols[o + 8]) ? null : cols[o + 8],
      status: cols[o + 9],
    }));
    expect(decoded).toEqual(rows);
  });
});

describe("simulator streams without inter-token latency", () => {
  let sim: Simulator | undefined;
  afterAll(() => sim?.close());

  it("sends the same events as with a delay, in one write", async () => {
    sim = await startSimulator({ models: ["s"], completionTokens: 5 });
    const body = JSON.stringify({
      model: "s",
      messages: [{ role: "user", content: "x" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const fast = await (await fetch(`${sim.url}/v1/chat/completions`, { method: "POST", body })).text();
    sim.configure({ itlMs: 1 });
    const slow = await (await fetch(`${sim.url}/v1/chat/completions`, { method: "POST", body })).text();
    const norm = (t: string) => t.replace(/chatcmpl-sim\d+/g, "id").replace(/"created":\d+/g, "");
    expect(norm(fast)).toBe(norm(slow));
    expect(fast.match(/^data: /gm)).toHaveLength(5 + 1 + 1 + 1);
    expect(fast.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});
