/** The simulator's scheduler: a fixed number of running slots and a FIFO waiting queue, like vLLM's. */

/** Running and waiting requests, with the KV-cache tokens the running ones hold. */
export class Scheduler {
  running = 0;
  kvTokens = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly maxRunning: number) {}

  /** Requests waiting for a slot. */
  get numWaiting(): number {
    return this.waiting.length;
  }

  /** Resolves when the request holds a running slot; returns at once (no promise) when a slot is free. */
  acquire(): Promise<void> | undefined {
    if (this.running < this.maxRunning) {
      this.running++;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Frees a slot, handing it to the oldest waiting request. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
