/**
 * `aiplat serve gateway --workers N`: N gateway processes (node:cluster) sharing one listening port, so a host's
 * cores all serve requests (one Node.js thread saturates near 9,000 requests/s). Each worker is a whole gateway:
 * its own upstream pools, its own usage writer into the same database (SQLite in WAL mode, or PostgreSQL), and its
 * own team limits unless `--redis` shares them, exactly like replicas. In Kubernetes, scale replicas instead (the
 * rendered Deployment runs one worker per pod): `/metrics` answers for the worker that took the scrape.
 *
 * The primary parses and checks the configuration once, forks the workers with the resolved options, reports when
 * all listen, forwards SIGTERM/SIGINT and exits when every worker has drained; a worker that dies while serving is
 * replaced.
 */
import cluster, { type Worker } from "node:cluster";
import { fileURLToPath } from "node:url";
import type { ConfigSources } from "../services/gateway/config-watch.js";
import type { GatewayConfig } from "../services/gateway/index.js";

/** What a worker needs to start: the resolved configuration and the listen and store options. */
export interface WorkerStartOptions {
  readonly config: GatewayConfig;
  readonly host?: string;
  readonly port?: number;
  readonly db: string;
  readonly redis?: string;
  /** Reload the configuration from these files when they change (each worker watches them). */
  readonly reload?: { sources: ConfigSources; intervalMs: number; signature: string };
}

/** Environment variable carrying {@link WorkerStartOptions} (JSON) to a worker. */
export const WORKER_OPTIONS_ENV = "AIPLAT_GATEWAY_WORKER_OPTIONS";

/** Message a worker sends once it listens. */
export interface WorkerReady {
  readonly aiplatGatewayReady: true;
  readonly url: string;
}

/** The primary's Node.js flags a worker keeps (profiling, memory), without code to evaluate (`-e`, `-p`). */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i] as string;
    if (a === "-e" || a === "--eval" || a === "-p" || a === "--print") i++;
    else if (!a.startsWith("--eval=") && !a.startsWith("--print=") && !a.startsWith("--input-type")) out.push(a);
  }
  return out;
}

const isReady = (m: unknown): m is WorkerReady =>
  typeof m === "object" && m !== null && (m as WorkerReady).aiplatGatewayReady === true;

/**
 * Runs `count` workers until SIGTERM or SIGINT; resolves with the exit code (0 when every worker stopped cleanly).
 * `log` receives the lines a user sees (stderr).
 */
export async function runGatewayWorkers(
  count: number,
  options: WorkerStartOptions,
  log: (line: string) => void,
): Promise<number> {
  cluster.setupPrimary({
    exec: fileURLToPath(new URL("./gateway-worker.js", import.meta.url)),
    args: [],
    execArgv: workerExecArgv(process.execArgv),
  });
  const env = { [WORKER_OPTIONS_ENV]: JSON.stringify(options) };
  let serving = false;
  let stopping = false;
  let failed = false;
  const workers = new Set<Worker>();
  const fork = (): Worker => {
    const w = cluster.fork(env);
    workers.add(w);
    w.on("exit", (code, signal) => {
      workers.delete(w);
      if (stopping || !serving) {
        if (code !== 0 && signal !== "SIGTERM") failed = true;
        return;
      }
      log(`aiplat gateway: worker ${w.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
      fork();
    });
    return w;
  };

  const started = await new Promise<string | Error>((resolve) => {
    let ready = 0;
    for (let i = 0; i < count; i++) {
      const w = fork();
      w.on("message", (m: unknown) => {
        if (isReady(m) && ++ready === count) resolve(m.url);
      });
      // A worker that cannot start (port taken, database unreachable) exits before it is ready: give up.
      w.once("exit", (code) => {
        if (ready < count) resolve(new Error(`a gateway worker exited with code ${code} before listening`));
      });
    }
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    const exits = [...workers].map((w) => new Promise<void>((r) => w.once("exit", () => r())));
    for (const w of workers) w.process.kill("SIGTERM");
    await Promise.all(exits);
  };

  if (started instanceof Error) {
    await stop();
    log(`aiplat gateway: ${started.message}`);
    return 1;
  }
  serving = true;
  log(`aiplat gateway listening on ${started} with ${count} workers (OpenAI base URL ${started}/v1)`);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  await stop();
  return failed ? 1 : 0;
}
