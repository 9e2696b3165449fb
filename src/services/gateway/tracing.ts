/**
 * Tracing through @opentelemetry/api: a server span per request whose parent is the caller's W3C `traceparent`, and
 * a `traceparent` sent upstream naming that span. With no OpenTelemetry SDK registered the span records nothing, but
 * the trace context is still propagated (same trace id, a fresh span id). https://www.w3.org/TR/trace-context/
 */
import { ROOT_CONTEXT, type Span, type SpanContext, SpanKind, TraceFlags, trace } from "@opentelemetry/api";

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const tracer = trace.getTracer("aiplat-gateway");

/** Parses a `traceparent` header; undefined when missing or invalid (all-zero ids are invalid). */
export function parseTraceparent(h: string | undefined): SpanContext | undefined {
  if (!h) return undefined;
  const m = TRACEPARENT.exec(h.trim());
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return { traceId: m[1]!, spanId: m[2]!, traceFlags: Number.parseInt(m[3]!, 16), isRemote: true };
}

/** A request's span and the `traceparent` to send upstream. */
export interface RequestTrace {
  span: Span;
  traceparent: string;
}

/** Starts the request's server span and computes the upstream `traceparent`. */
export function startRequestTrace(name: string, traceparentHeader: string | undefined): RequestTrace {
  const parent = parseTraceparent(traceparentHeader);
  const ctx = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER }, ctx);
  let sc = span.spanContext();
  // Without an SDK the span is a non-recording wrapper of the parent's context: name a span id of our own.
  if (!span.isRecording() || !trace.isSpanContextValid(sc)) {
    // No SDK: keep the caller's trace (or start one) and name a span of our own.
    sc = {
      traceId: parent?.traceId ?? randomHex(32),
      spanId: randomHex(16),
      traceFlags: parent?.traceFlags ?? TraceFlags.NONE,
    };
  }
  const flags = (sc.traceFlags & 0xff).toString(16).padStart(2, "0");
  return { span, traceparent: `00-${sc.traceId}-${sc.spanId}-${flags}` };
}

/**
 * Random lowercase hex of `n` digits, never all zeros. Ids need uniqueness, not secrecy, so Math.random is enough (as in
 * OpenTelemetry's own RandomIdGenerator) and far cheaper than crypto on the hot path.
 */
function randomHex(n: number): string {
  let s = "";
  for (let i = 0; i < n; i += 8) s += ((Math.random() * 0x100000000) >>> 0).toString(16).padStart(8, "0");
  s = s.slice(0, n);
  return /^0+$/.test(s) ? `${s.slice(0, -1)}1` : s;
}
