/**
 * Team limits: requests per minute and tokens per minute (token buckets) and a daily token budget (UTC day).
 * `LocalLimiter` keeps them per process; `RedisLimiter` (redis-limiter.ts) shares them across replicas.
 */
import type { TeamConfig } from "./config.js";
import { TokenBucket } from "./token-bucket.js";

/** Which limit refused a request. */
export type LimitName = "requests_per_minute" | "tokens_per_minute" | "daily_token_budget";

/** The limiter's answer. */
export type LimitDecision = { ok: true } | { ok: false; limit: LimitName; retryAfterSeconds: number };

/** Checks and charges a team's limits. */
export interface Limiter {
  /** Admits one request (takes one request token) or says which limit refuses it and for how long. */
  admit(team: TeamConfig, now: number): Promise<LimitDecision> | LimitDecision;
  /** Charges the tokens a finished request used. */
  charge(team: TeamConfig, tokens: number, now: number): Promise<void> | void;
  /** Sets a team's tokens already used today (at start-up, from the usage store). */
  seedDaily(team: string, tokens: number, now: number): Promise<void> | void;
  close(): Promise<void>;
}

/** The UTC day of a time, as `YYYYMMDD`. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10).replaceAll("-", "");
}

/** Seconds until the next UTC midnight. */
export function secondsToUtcMidnight(now: number): number {
  const d = new Date(now);
  return Math.ceil((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now) / 1000);
}

/** Per-process limits. */
export class LocalLimiter implements Limiter {
  private readonly rpm = new Map<string, TokenBucket>();
  private readonly tpm = new Map<string, TokenBucket>();
  private readonly daily = new Map<string, { day: string; used: number }>();

  admit(team: TeamConfig, now: number): LimitDecision {
    if (team.dailyTokenBudget !== undefined) {
      const d = this.daily.get(team.name);
      if (d && d.day === utcDay(now) && d.used >= team.dailyTokenBudget)
        return { ok: false, limit: "daily_token_budget", retryAfterSeconds: secondsToUtcMidnight(now) };
    }
    if (team.tokensPerMinute !== undefined) {
      const wait = this.bucket(this.tpm, team.name, team.tokensPerMinute, now).waitPositive(now);
      if (wait > 0) return { ok: false, limit: "tokens_per_minute", retryAfterSeconds: wait / 1000 };
    }
    if (team.requestsPerMinute !== undefined) {
      const wait = this.bucket(this.rpm, team.name, team.requestsPerMinute, now).take(1, now);
      if (wait > 0) return { ok: false, limit: "requests_per_minute", retryAfterSeconds: wait / 1000 };
    }
    return { ok: true };
  }

  charge(team: TeamConfig, tokens: number, now: number): void {
    if (tokens <= 0) return;
    if (team.tokensPerMinute !== undefined)
      this.bucket(this.tpm, team.name, team.tokensPerMinute, now).debit(tokens, now);
    if (team.dailyTokenBudget !== undefined) {
      const day = utcDay(now);
      const d = this.daily.get(team.name);
      if (d && d.day === day) d.used += tokens;
      else this.daily.set(team.name, { day, used: tokens });
    }
  }

  seedDaily(team: string, tokens: number, now: number): void {
    this.daily.set(team, { day: utcDay(now), used: tokens });
  }

  async close(): Promise<void> {}

  private bucket(map: Map<string, TokenBucket>, team: string, capacity: number, now: number): TokenBucket {
    let b = map.get(team);
    if (!b || b.capacity !== capacity) {
      b = new TokenBucket(capacity, now);
      map.set(team, b);
    }
    return b;
  }
}
