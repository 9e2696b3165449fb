/** Reads vLLM's `/metrics` on an interval for queue-aware routes: `vllm:num_requests_waiting` and KV-cache usage. */
import type { Router } from "./router.js";

/** Queue figures parsed from a Prometheus text exposition. */
export interface QueueFigures {
  waiting: number;
  kvCacheUsage: number;
}

/**
 * Sums `vllm:num_requests_waiting` and takes the largest KV-cache usage (`vllm:kv_cache_usage_perc`, or the older
 * `vllm:gpu_cache_usage_perc`) over all label sets. Returns undefined when neither metric is present.
 */
export function parseVllmMetrics(text: string): QueueFigures | undefined {
  let waiting = 0;
  let kv = 0;
  let seen = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.length === 0) continue;
    const isWaiting = line.startsWith("vllm:num_requests_waiting");
    const isKv = line.startsWith("vllm:kv_cache_usage_perc") || line.startsWith("vllm:gpu_cache_usage_perc");
    if (!isWaiting && !isKv) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (!Number.isFinite(value)) continue;
    seen = true;
    if (isWaiting) waiting += value;
    else kv = Math.max(kv, value);
  }
  return seen ? { waiting, kvCacheUsage: kv } : undefined;
}

/** The endpoints to poll: the vLLM endpoints of queue-aware routes. */
const probeTargets = (router: Router) =>
  [...router.routes.values()]
    .filter((r) => r.config.queueAware)
    .flatMap((r) => r.endpoints.filter((e) => e.config.kind === "vllm"));

/**
 * Polls every queue-aware vLLM endpoint (read from the router at each tick, so a reload's endpoints are polled);
 * returns a stop function.
 */
export function startQueueProbe(router: Router, intervalMs: number): () => void {
  let running = false;
  const tick = async () => {
    const targets = probeTargets(router);
    if (running || targets.length === 0) return;
    running = true;
    await Promise.all(
      targets.map(async (e) => {
        try {
          const r = await e.pool.request({
            path: `${e.basePath}/metrics`,
            method: "GET",
            headersTimeout: intervalMs,
            bodyTimeout: intervalMs,
          });
          const text = await r.body.text();
          const q = r.statusCode === 200 ? parseVllmMetrics(text) : undefined;
          if (q) {
            e.waiting = q.waiting;
            e.kvCacheUsage = q.kvCacheUsage;
          }
        } catch {
          // An unreachable endpoint is the passive health check's business; keep the last figures.
        }
      }),
    );
    running = false;
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
