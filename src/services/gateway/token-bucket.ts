/** An in-process token bucket: `capacity` tokens, refilled continuously at `capacity` per minute; may go into debt. */

/** A token bucket over a per-minute rate. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
    this.perMs = capacity / 60_000;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
      this.last = now;
    }
  }

  /** Takes `n` tokens when there are that many; otherwise returns the ms until there will be. 0 means taken. */
  take(n: number, now: number): number {
    this.refill(now);
    if (this.tokens >= n) {
      this.tokens -= n;
      return 0;
    }
    return Math.ceil((n - this.tokens) / this.perMs);
  }

  /** Ms until the bucket is out of debt (has more than zero tokens); 0 when it already is. */
  waitPositive(now: number): number {
    this.refill(now);
    return this.tokens > 0 ? 0 : Math.ceil((-this.tokens + 1e-9) / this.perMs);
  }

  /** Removes `n` tokens, going into debt if needed (tokens are known only after the response). */
  debit(n: number, now: number): void {
    this.refill(now);
    this.tokens -= n;
  }

  /** Tokens now (for tests and metrics). */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }
}
