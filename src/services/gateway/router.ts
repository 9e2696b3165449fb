/**
 * Routing: a model name to its endpoints, balanced by least outstanding requests (plus queue length and KV-cache use
 * for queue-aware routes), with fallback models after the model's own endpoints.
 */
import type { GatewayConfig, ModelRoute } from "./config.js";
import { Endpoint, type EndpointOptions, endpointAuthorization } from "./endpoint.js";

/**
 * Identity of an endpoint across reloads: its model, all of its settings and the key it sends (so a rotated
 * `apiKeyFile` or `apiKeyEnv` value makes a new endpoint).
 */
const endpointKey = (model: string, c: object, authorization: string | undefined) =>
  `${model}\u0000${JSON.stringify(c)}\u0000${authorization ?? ""}`;

/** A model route with its live endpoints. */
export interface Route {
  readonly config: ModelRoute;
  readonly endpoints: readonly Endpoint[];
}

/** Weight of one waiting request (vLLM queue) relative to one outstanding request of ours. */
const WAITING_WEIGHT = 1;
/** Penalty of a full KV cache, in outstanding-request units. */
const KV_WEIGHT = 4;

/** Holds the routes and picks endpoints. */
export class Router {
  readonly routes = new Map<string, Route>();
  private rr = 0;
  /** Each model's chain, computed once per set of routes (a reload clears them). */
  private readonly chains = new Map<string, readonly Route[]>();

  /** Endpoint options, fixed at start (timeouts and ejection are not reloaded). */
  private readonly endpointOptions: EndpointOptions;

  constructor(config: GatewayConfig) {
    this.endpointOptions = {
      connectMs: config.timeouts.connectMs,
      cooldownMs: config.routing.ejectionCooldownMs,
      ejectAfterFailures: config.routing.ejectAfterFailures,
    };
    this.update(config.models);
  }

  /**
   * Replaces the routes with `models` (a reload). An endpoint whose model and settings are unchanged is kept, with its
   * connections, health and queue figures; an endpoint no longer configured is closed once its requests finish
   * (requests in flight keep the route they started with); an endpoint whose key changed (a rotated `apiKeyFile`) is
   * made anew. Returns the models added and removed. Throws, leaving the routes as they were, when an endpoint cannot
   * be made (an `apiKeyFile` that cannot be read).
   */
  update(models: readonly ModelRoute[]): { added: string[]; removed: string[] } {
    const previous = new Map<string, Endpoint[]>();
    for (const e of this.allEndpoints()) {
      const key = endpointKey(e.routeModel, e.config, e.authorization);
      previous.set(key, [...(previous.get(key) ?? []), e]);
    }
    const before = new Set(this.routes.keys());
    const next = new Map<string, Route>();
    const made: Endpoint[] = [];
    try {
      for (const m of models) {
        const endpoints = m.endpoints.map((c) => {
          const kept = previous.get(endpointKey(m.name, c, endpointAuthorization(c)))?.shift();
          if (kept) return kept;
          const e = new Endpoint(c, m.name, this.endpointOptions);
          made.push(e);
          return e;
        });
        next.set(m.name, { config: m, endpoints });
      }
    } catch (err) {
      for (const e of made) e.close().catch(() => {});
      throw err;
    }
    this.routes.clear();
    for (const [name, route] of next) this.routes.set(name, route);
    this.chains.clear();
    // close() waits for the requests in flight; a failure to close must not become an unhandled rejection.
    for (const gone of [...previous.values()].flat()) gone.close().catch(() => {});
    return {
      added: [...next.keys()].filter((m) => !before.has(m)),
      removed: [...before].filter((m) => !next.has(m)),
    };
  }

  /** The models to try for a request, in order: the model itself, then its fallbacks (each once). */
  chain(model: string): readonly Route[] {
    const known = this.chains.get(model);
    if (known) return known;
    const first = this.routes.get(model);
    if (!first) return [];
    const out = [first];
    for (const f of first.config.fallbacks) {
      const r = this.routes.get(f);
      if (r && !out.includes(r)) out.push(r);
    }
    this.chains.set(model, out);
    return out;
  }

  /** The best available endpoint of a route, not in `exclude`; undefined when none is available. */
  pick(route: Route, now: number, exclude?: ReadonlySet<Endpoint>): Endpoint | undefined {
    const eps = route.endpoints;
    if (eps.length === 1) {
      const e = eps[0]!;
      return e.available(now) && !exclude?.has(e) ? e : undefined;
    }
    const queueAware = route.config.queueAware;
    let best: Endpoint | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    // Start at a rotating offset so ties spread round-robin.
    const start = this.rr++ % eps.length;
    for (let i = 0; i < eps.length; i++) {
      const e = eps[(start + i) % eps.length]!;
      if (!e.available(now) || exclude?.has(e)) continue;
      let score = e.outstanding;
      if (queueAware) score += e.waiting * WAITING_WEIGHT + e.kvCacheUsage * KV_WEIGHT;
      score /= e.config.weight;
      if (score < bestScore) {
        best = e;
        bestScore = score;
      }
    }
    return best;
  }

  /** Every endpoint of every route. */
  *allEndpoints(): Iterable<Endpoint> {
    for (const r of this.routes.values()) yield* r.endpoints;
  }

  /** Closes every connection pool. */
  async close(): Promise<void> {
    await Promise.all([...this.allEndpoints()].map((e) => e.close()));
  }
}
