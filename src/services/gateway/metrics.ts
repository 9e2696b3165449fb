/**
 * The gateway's Prometheus metrics (prom-client, in a registry of its own). The per-request series are buffered: a
 * request adds to a plain number kept by its label values, and the sums reach prom-client when the registry is
 * scraped, so the request path does no label hashing or validation (prom-client's `inc`/`observe` did both, five
 * times per request).
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { Router } from "./router.js";

/**
 * A counter of three labels whose increments are summed by label values and handed to prom-client's `Counter` when
 * the registry is scraped (its `collect`).
 */
export class BufferedCounter<L extends string> {
  private readonly pending = new Map<
    string,
    { labels: Record<string, string | number>; value: number; exported: boolean }
  >();
  readonly counter: Counter<L>;

  constructor(
    private readonly config: {
      name: string;
      help: string;
      labelNames: readonly [L, L, L];
      registers: Registry[];
    },
  ) {
    const pending = this.pending;
    this.counter = new Counter<L>({
      ...config,
      collect() {
        for (const p of pending.values())
          if (p.value > 0 || !p.exported) {
            this.inc(p.labels as Record<L, string | number>, p.value);
            p.value = 0;
            p.exported = true;
          }
      },
    });
  }

  /** Adds `value` (default 1) to the series whose label values are `a`, `b` and `c`, in `labelNames` order. */
  inc(a: string, b: string, c: string | number, value = 1): void {
    const key = `${a}\u0000${b}\u0000${c}`;
    const p = this.pending.get(key);
    if (p) p.value += value;
    else {
      const [x, y, z] = this.config.labelNames;
      this.pending.set(key, { labels: { [x]: a, [y]: b, [z]: c }, value, exported: false });
    }
  }
}

/**
 * A histogram with one label, `model`, kept as bucket counts per model and exposed in prom-client's registry in the
 * exact format of prom-client's `Histogram` (a test compares the two).
 */
export class ModelHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly bounds: readonly number[];
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(config: { name: string; help: string; buckets: readonly number[]; registers: Registry[] }) {
    this.name = config.name;
    this.help = config.help;
    this.bounds = [...config.buckets].sort((a, b) => a - b);
    for (const r of config.registers) r.registerMetric(this as never);
  }

  observe(model: string, value: number): void {
    if (!Number.isFinite(value)) return;
    let s = this.series.get(model);
    if (!s) {
      s = { counts: new Array<number>(this.bounds.length).fill(0), sum: 0, count: 0 };
      this.series.set(model, s);
    }
    const b = this.bounds;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    if (i < b.length) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  /** The series in prom-client's internal export shape (labels per line, the series' labels as shared labels). */
  getForPromString() {
    const values: Array<{
      labels: Record<string, string | number>;
      sharedLabels: Record<string, string>;
      value: number;
      metricName: string;
      exemplar: null | undefined;
    }> = [];
    const bucket = `${this.name}_bucket`;
    for (const [model, s] of this.series) {
      const shared = { model };
      let acc = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        acc += s.counts[i]!;
        values.push({
          labels: { le: this.bounds[i]! },
          sharedLabels: shared,
          value: acc,
          metricName: bucket,
          exemplar: null,
        });
      }
      values.push({ labels: { le: "+Inf" }, sharedLabels: shared, value: s.count, metricName: bucket, exemplar: null });
      const sum = `${this.name}_sum`;
      const count = `${this.name}_count`;
      values.push({ labels: {}, sharedLabels: shared, value: s.sum, metricName: sum, exemplar: undefined });
      values.push({ labels: {}, sharedLabels: shared, value: s.count, metricName: count, exemplar: undefined });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The series with their labels merged (prom-client's `get()` shape, for `getMetricsAsJSON`). */
  async get() {
    const data = this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ labels, sharedLabels, ...rest }) => ({
        ...rest,
        labels: { ...labels, ...sharedLabels },
      })),
    };
  }

  reset(): void {
    this.series.clear();
  }
}

/** Every metric the gateway exports. */
export interface GatewayMetrics {
  registry: Registry;
  /** Requests by model, team and HTTP status. */
  requests: BufferedCounter<"model" | "team" | "status">;
  latency: ModelHistogram;
  ttft: ModelHistogram;
  /** Tokens by model, team and kind (prompt, completion). */
  tokens: BufferedCounter<"model" | "team" | "kind">;
  limiterRejections: Counter<"team" | "limit">;
  upstreamFailures: Counter<"model" | "endpoint" | "reason">;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Creates the metrics; endpoint health and outstanding requests are read from the router at scrape time (so they follow
 * a reload).
 */
export function createMetrics(router: Router, options: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "aiplat_gateway_" });
  new Gauge({
    name: "aiplat_gateway_endpoint_healthy",
    help: "1 when the endpoint takes traffic, 0 while it is ejected",
    labelNames: ["model", "endpoint"],
    registers: [registry],
    collect() {
      const now = Date.now();
      this.reset(); // endpoints removed by a reload leave the series
      for (const e of router.allEndpoints())
        this.set({ model: e.routeModel, endpoint: e.origin + e.basePath }, e.available(now) ? 1 : 0);
    },
  });
  new Gauge({
    name: "aiplat_gateway_endpoint_outstanding_requests",
    help: "Requests in flight to the endpoint",
    labelNames: ["model", "endpoint"],
    registers: [registry],
    collect() {
      this.reset();
      for (const e of router.allEndpoints())
        this.set({ model: e.routeModel, endpoint: e.origin + e.basePath }, e.outstanding);
    },
  });
  return {
    registry,
    requests: new BufferedCounter({
      name: "aiplat_gateway_requests_total",
      help: "Requests by model, team and HTTP status",
      labelNames: ["model", "team", "status"],
      registers: [registry],
    }),
    latency: new ModelHistogram({
      name: "aiplat_gateway_request_duration_seconds",
      help: "Time from request to the last byte of the response",
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    ttft: new ModelHistogram({
      name: "aiplat_gateway_time_to_first_token_seconds",
      help: "Time from request to the upstream's first body byte",
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    tokens: new BufferedCounter({
      name: "aiplat_gateway_tokens_total",
      help: "Tokens by model, team and kind (prompt, completion)",
      labelNames: ["model", "team", "kind"],
      registers: [registry],
    }),
    limiterRejections: new Counter({
      name: "aiplat_gateway_limiter_rejections_total",
      help: "Requests refused by a team limit",
      labelNames: ["team", "limit"],
      registers: [registry],
    }),
    upstreamFailures: new Counter({
      name: "aiplat_gateway_upstream_failures_total",
      help: "Upstream attempts that failed (connect, status, timeout)",
      labelNames: ["model", "endpoint", "reason"],
      registers: [registry],
    }),
  };
}
