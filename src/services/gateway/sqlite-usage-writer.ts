/**
 * Writes usage batches to a SQLite file from a worker thread, so inserts, commits and WAL checkpoints (which fsync)
 * never block the event loop that serves requests. The worker's source is inline (`eval`), so it runs the same from
 * `src/` under the test runner and from `build/`.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { UsageRecord } from "./store.js";

/** Numbers per record in a batch message (see `encode`). */
const COLUMNS = 10;

/**
 * A batch as one Float64Array (moved to the thread, not copied) and the distinct strings it names: cloning an array of
 * record objects cost the request thread about a microsecond per record.
 */
export function encodeUsage(rows: readonly UsageRecord[]): { strings: string[]; cols: Float64Array } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const cols = new Float64Array(rows.length * COLUMNS);
  let o = 0;
  for (const r of rows) {
    cols[o++] = r.time;
    cols[o++] = ref(r.team);
    cols[o++] = ref(r.keyId);
    cols[o++] = ref(r.model);
    cols[o++] = ref(r.endpoint);
    cols[o++] = r.promptTokens;
    cols[o++] = r.completionTokens;
    cols[o++] = r.latencyMs;
    cols[o++] = r.ttftMs ?? Number.NaN;
    cols[o++] = r.status;
  }
  return { strings, cols };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 5000");
const stmt = db.prepare(
  "INSERT INTO gateway_usage (time_ms, team, key_id, model, endpoint, prompt_tokens, completion_tokens, latency_ms, ttft_ms, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
);
const insert = db.transaction((strings, cols) => {
  for (let o = 0; o < cols.length; o += ${COLUMNS}) {
    const ttft = cols[o + 8];
    stmt.run(cols[o], strings[cols[o + 1]], strings[cols[o + 2]], strings[cols[o + 3]], strings[cols[o + 4]], cols[o + 5], cols[o + 6], cols[o + 7], Number.isNaN(ttft) ? null : ttft, cols[o + 9]);
  }
});
parentPort.on("message", (m) => {
  if (m.close) { db.close(); parentPort.postMessage({ id: m.id }); return; }
  try { insert(m.strings, m.cols); parentPort.postMessage({ id: m.id }); }
  catch (err) { parentPort.postMessage({ id: m.id, error: String(err && err.message || err) }); }
});
`;

/** A usage writer on its own thread, with its own connection to the database file. */
export class SqliteUsageWriter {
  private readonly worker: Worker;
  /** False once the thread has died; the store then writes on its own connection. */
  alive = true;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(path: string) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    // The source is CommonJS: drop an inherited `--input-type=module` (e.g. from `node --input-type=module -e`).
    const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver }, execArgv });
    } catch (err) {
      // Per-process V8 flags (e.g. `node --perf-basic-prof` or `--cpu-prof-dir` for profiling) are refused in a
      // worker's execArgv: the writer needs none of them.
      if ((err as { code?: string }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw err;
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver }, execArgv: [] });
    }
    this.worker = worker;
    this.worker.unref();
    this.worker.on("message", (m: { id: number; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      if (m.error) p?.reject(new Error(m.error));
      else p?.resolve();
    });
    const fail = (err: Error) => {
      this.alive = false;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`usage writer thread exited (${code})`)));
  }

  private call(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<void> {
    if (!this.alive) return Promise.reject(new Error("usage writer thread is not running"));
    const id = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a write is in flight (an idle writer must not hold it open): a shutdown that
      // awaits the last batch would otherwise end with the event loop empty and the batch unwritten.
      this.worker.ref();
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Inserts one batch in one transaction; resolves once it is committed. */
  insert(rows: readonly UsageRecord[]): Promise<void> {
    const { strings, cols } = encodeUsage(rows);
    return this.call({ strings, cols }, [cols.buffer as ArrayBuffer]);
  }

  /** Closes the worker's connection and ends the thread. */
  async close(): Promise<void> {
    await this.call({ close: true }).catch(() => {});
    this.worker.ref();
    await this.worker.terminate();
  }
}
