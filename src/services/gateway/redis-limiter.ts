/**
 * Team limits shared across gateway replicas through Redis: each check is one atomic Lua script (token buckets as
 * hashes refilled from Redis's own clock, so replicas' clocks do not matter; the daily budget as a counter per UTC day).
 */
import { Redis } from "ioredis";
import type { TeamConfig } from "./config.js";
import { type LimitDecision, type Limiter, secondsToUtcMidnight, utcDay } from "./limiter.js";

// KEYS: rpm bucket, tpm bucket, daily counter. ARGV: rpm capacity, tpm capacity, daily budget (-1 = no limit).
// Returns {0} when admitted, or {code, waitMs}: 1 rpm, 2 tpm, 3 daily.
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function level(key, cap)
  local v = redis.call('HMGET', key, 'n', 'ts')
  local n = tonumber(v[1]) or cap
  local ts = tonumber(v[2]) or now
  if now > ts then n = math.min(cap, n + (now - ts) * cap / 60000) end
  return n
end
local rpm, tpm, budget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if budget >= 0 then
  local used = tonumber(redis.call('GET', KEYS[3]) or '0')
  if used >= budget then return {3, 0} end
end
if tpm > 0 then
  local n = level(KEYS[2], tpm)
  if n <= 0 then return {2, math.ceil((-n + 0.000001) * 60000 / tpm)} end
end
if rpm > 0 then
  local n = level(KEYS[1], rpm)
  if n < 1 then return {1, math.ceil((1 - n) * 60000 / rpm)} end
  redis.call('HSET', KEYS[1], 'n', tostring(n - 1), 'ts', now)
  redis.call('PEXPIRE', KEYS[1], 120000)
end
return {0, 0}
`;

// KEYS: tpm bucket, daily counter. ARGV: tokens, tpm capacity (0 = none), daily budget (-1 = none).
const CHARGE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tokens, tpm, budget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if tpm > 0 then
  local v = redis.call('HMGET', KEYS[1], 'n', 'ts')
  local n = tonumber(v[1]) or tpm
  local ts = tonumber(v[2]) or now
  if now > ts then n = math.min(tpm, n + (now - ts) * tpm / 60000) end
  redis.call('HSET', KEYS[1], 'n', tostring(n - tokens), 'ts', now)
  redis.call('PEXPIRE', KEYS[1], 120000)
end
if budget >= 0 then
  redis.call('INCRBY', KEYS[2], tokens)
  redis.call('EXPIRE', KEYS[2], 172800)
end
return 0
`;

/** Options of `RedisLimiter`. */
export interface RedisLimiterOptions {
  /** Key prefix, so several gateways can share one Redis. @default "aiplat:gw:" */
  prefix?: string;
}

/** Limits shared through Redis. */
export class RedisLimiter implements Limiter {
  readonly redis: Redis;
  private readonly prefix: string;

  constructor(url: string, options: RedisLimiterOptions = {}) {
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.redis.defineCommand("aiplatAdmit", { numberOfKeys: 3, lua: ADMIT });
    this.redis.defineCommand("aiplatCharge", { numberOfKeys: 2, lua: CHARGE });
    this.prefix = options.prefix ?? "aiplat:gw:";
  }

  /** Connects and checks the server answers. */
  async connect(): Promise<void> {
    await this.redis.connect();
    await this.redis.ping();
  }

  private keys(team: string, now: number): [string, string, string] {
    const p = `${this.prefix}{${team}}:`;
    return [`${p}rpm`, `${p}tpm`, `${p}daily:${utcDay(now)}`];
  }

  async admit(team: TeamConfig, now: number): Promise<LimitDecision> {
    const [rpm, tpm, daily] = this.keys(team.name, now);
    const r = (await (this.redis as unknown as Scripts).aiplatAdmit(
      rpm,
      tpm,
      daily,
      team.requestsPerMinute ?? 0,
      team.tokensPerMinute ?? 0,
      team.dailyTokenBudget ?? -1,
    )) as [number, number];
    switch (r[0]) {
      case 0:
        return { ok: true };
      case 1:
        return { ok: false, limit: "requests_per_minute", retryAfterSeconds: r[1] / 1000 };
      case 2:
        return { ok: false, limit: "tokens_per_minute", retryAfterSeconds: r[1] / 1000 };
      default:
        return { ok: false, limit: "daily_token_budget", retryAfterSeconds: secondsToUtcMidnight(now) };
    }
  }

  async charge(team: TeamConfig, tokens: number, now: number): Promise<void> {
    if (tokens <= 0 || (team.tokensPerMinute === undefined && team.dailyTokenBudget === undefined)) return;
    const [, tpm, daily] = this.keys(team.name, now);
    await (this.redis as unknown as Scripts).aiplatCharge(
      tpm,
      daily,
      tokens,
      team.tokensPerMinute ?? 0,
      team.dailyTokenBudget ?? -1,
    );
  }

  async seedDaily(): Promise<void> {
    // The Redis counter is shared and survives restarts of any one replica; nothing to seed.
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

interface Scripts {
  aiplatAdmit(...args: Array<string | number>): Promise<unknown>;
  aiplatCharge(...args: Array<string | number>): Promise<unknown>;
}
