/** Options of the upstream LLM simulator, with their defaults settled once in `resolveSimulatorOptions`. */

/** A failure the simulator injects into the next requests. */
export type FailureMode = "none" | "status" | "hang" | "reset" | "stream-abort";

/** Failure injection: what to do, with which status, for how many requests (or a probability). */
export interface FailureOptions {
  /** What happens to an affected request. @default "none" */
  readonly mode?: FailureMode;
  /** The HTTP status of a `status` failure. @default 500 */
  readonly status?: number;
  /** How many of the next requests fail; unset means every request (or `rate` of them). */
  readonly count?: number;
  /** Probability (0..1) that a request fails, when `count` is unset. @default 1 */
  readonly rate?: number;
}

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** Interface to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** Port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Model names served. @default ["sim-model"] */
  readonly models?: readonly string[];
  /** Time to first token, in milliseconds. @default 0 */
  readonly ttftMs?: number;
  /** Inter-token latency, in milliseconds. @default 0 */
  readonly itlMs?: number;
  /** Completion tokens when the request sets no `max_tokens`. @default 16 */
  readonly completionTokens?: number;
  /** Requests served at once; the rest wait in a queue (as vLLM's scheduler does). @default 256 */
  readonly maxRunning?: number;
  /** KV-cache capacity in tokens, for the cache-usage gauge. @default 65536 */
  readonly kvCacheTokens?: number;
  /** Embedding vector length. @default 16 */
  readonly embeddingDimensions?: number;
  /** Failures injected from the start. @default { mode: "none" } */
  readonly failure?: FailureOptions;
}

/** Options with every default applied. */
export interface ResolvedSimulatorOptions {
  host: string;
  port: number;
  models: readonly string[];
  ttftMs: number;
  itlMs: number;
  completionTokens: number;
  maxRunning: number;
  kvCacheTokens: number;
  embeddingDimensions: number;
  failure: Required<Omit<FailureOptions, "count">> & { count: number | undefined };
}

/** Settles every default of the simulator's options. */
export function resolveSimulatorOptions(options: SimulatorOptions = {}): ResolvedSimulatorOptions {
  return {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    models: options.models && options.models.length > 0 ? options.models : ["sim-model"],
    ttftMs: options.ttftMs ?? 0,
    itlMs: options.itlMs ?? 0,
    completionTokens: options.completionTokens ?? 16,
    maxRunning: options.maxRunning ?? 256,
    kvCacheTokens: options.kvCacheTokens ?? 65536,
    embeddingDimensions: options.embeddingDimensions ?? 16,
    failure: resolveFailure(options.failure),
  };
}

/** Settles the defaults of a failure injection. */
export function resolveFailure(f: FailureOptions | undefined): ResolvedSimulatorOptions["failure"] {
  return { mode: f?.mode ?? "none", status: f?.status ?? 500, count: f?.count, rate: f?.rate ?? 1 };
}
