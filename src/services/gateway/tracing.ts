/**
 * Tracing through @opentelemetry/api: a server span per request whose parent is the caller's W3C `traceparent`, and
 * a `traceparent` sent upstream naming that span. With no OpenTelemetry SDK registered no span is created (the API's
 * would record nothing), but the trace context is still propagated (same trace id, a fresh span id).
 * https://www.w3.org/TR/trace-context/
 */
import { randomFillSync } from "node:crypto";
import {
  INVALID_SPAN_CONTEXT,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  TraceFlags,
  trace,
} from "@opentelemetry/api";

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const TRACER_NAME = "aiplat-gateway";
const tracer = trace.getTracer(TRACER_NAME);
/** The span of every request while no SDK is registered: records nothing, ends nothing. */
const NO_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Parses a `traceparent` header; undefined when missing or invalid (all-zero ids are invalid). */
export function parseTraceparent(h: string | undefined): SpanContext | undefined {
  if (!h) return undefined;
  const m = TRACEPARENT.exec(h.length === 55 ? h : h.trim());
  if (!m || isZero(m[1]!) || isZero(m[2]!)) return undefined;
  return { traceId: m[1]!, spanId: m[2]!, traceFlags: Number.parseInt(m[3]!, 16), isRemote: true };
}

/** A request's span and the `traceparent` to send upstream. */
export interface RequestTrace {
  span: Span;
  traceparent: string;
}

/**
 * Whether an OpenTelemetry SDK is registered. The global provider is the API's proxy, whose delegate is set when an
 * SDK registers (at any time: this is checked on every request, and costs a property read when none is).
 */
function sdkRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(TRACER_NAME) !== undefined;
}

/** Starts the request's server span and computes the upstream `traceparent`. */
export function startRequestTrace(name: string, traceparentHeader: string | undefined): RequestTrace {
  const parent = parseTraceparent(traceparentHeader);
  let span = NO_SPAN;
  let sc: SpanContext | undefined;
  if (sdkRegistered()) {
    const ctx = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    span = tracer.startSpan(name, { kind: SpanKind.SERVER }, ctx);
    sc = span.spanContext();
  }
  // Without an SDK (or with one that does not record this span): keep the caller's trace (or start one) and name a
  // span id of our own.
  if (!sc || !span.isRecording() || !trace.isSpanContextValid(sc)) {
    sc = {
      traceId: parent?.traceId ?? randomHex(16),
      spanId: randomHex(8),
      traceFlags: parent?.traceFlags ?? TraceFlags.NONE,
    };
  }
  const flags = sc.traceFlags & 0xff;
  return { span, traceparent: `00-${sc.traceId}-${sc.spanId}-${flags < 16 ? "0" : ""}${flags.toString(16)}` };
}

const isZero = (hex: string): boolean => {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
};

/** Random bytes drawn from the CSPRNG in blocks, so an id costs a slice of a buffer, not a call into crypto. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** `bytes` random bytes as lowercase hex, never all zeros (ids need uniqueness, which this gives cheaply). */
export function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const s = pool.toString("hex", poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return isZero(s) ? `${s.slice(0, -1)}1` : s;
}
