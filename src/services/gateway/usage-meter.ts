/**
 * Usage metering off the request path: records are queued in memory and written in one batch every flush interval.
 * `close()` writes what is queued, so a graceful shutdown loses no record; a crash loses at most one interval.
 */
import type { GatewayStore, UsageRecord } from "./store.js";

/** Options of `UsageMeter`. */
export interface UsageMeterOptions {
  /** Longest time a record waits in memory, ms. @default 200 */
  flushIntervalMs?: number;
  /** Called when a batch cannot be written (it is kept and retried on the next flush). */
  onError?: (err: unknown) => void;
}

/** Batches usage records into the store. */
export class UsageMeter {
  private queue: UsageRecord[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private closed = false;
  private writing = 0;

  constructor(
    private readonly store: GatewayStore,
    private readonly options: UsageMeterOptions = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 200);
    this.timer.unref();
  }

  /** Queues one record (constant time, no I/O). */
  record(r: UsageRecord): void {
    this.queue.push(r);
  }

  /** Records not yet committed: queued, or in the batch being written. */
  get pending(): number {
    return this.queue.length + this.writing;
  }

  /** Writes the queued records now (one batch); concurrent calls share the write in progress. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.writing = batch.length;
    this.flushing = this.store
      .insertUsage(batch)
      .catch((err: unknown) => {
        // Keep the batch: it is retried on the next flush, in order.
        this.queue = batch.concat(this.queue);
        this.options.onError?.(err);
      })
      .finally(() => {
        this.writing = 0;
        this.flushing = undefined;
      });
    await this.flushing;
  }

  /** Stops the timer and writes every queued record. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (let i = 0; i < 3 && this.queue.length > 0; i++) await this.flush();
    await this.flushing;
  }
}
