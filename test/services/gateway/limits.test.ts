/** Team limits through the gateway: requests/minute, tokens/minute and the daily budget, per process and via Redis. */
import type { APIError } from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { hashKey } from "../../../src/services/gateway/keys.js";
import type { Gateway } from "../../../src/services/gateway/server.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { BACKENDS, RUN } from "./backends.js";
import { client, config, gateway } from "./helpers.js";

const msg = [{ role: "user" as const, content: "hello" }];

describe.each(BACKENDS)("limits on $name", (backend) => {
  let sim: Simulator | undefined;
  const open: Gateway[] = [];
  afterAll(async () => {
    for (const g of open) await g.close();
    await sim?.close();
  });
  const start = async (team: Record<string, unknown>, db = backend.db()) => {
    sim ??= await startSimulator({ models: ["chat-a"], completionTokens: 10 });
    const g = await gateway(
      config({
        models: [{ name: "chat-a", endpoints: [{ url: sim.url }] }],
        teams: [{ name: `t${RUN}`, keys: [{ id: "t-1", sha256: hashKey("sk-limits") }], ...team }],
      }),
      { db, redis: backend.redis },
    );
    open.push(g);
    return g;
  };
  const call = (g: Gateway) =>
    client(g, "sk-limits")
      .chat.completions.create({ model: "chat-a", messages: msg })
      .then(
        () => 200,
        (e: APIError) => e,
      );

  it.skipIf(!backend.enabled)(
    "tokens per minute: admits while the bucket is positive, then 429 tokens_per_minute",
    async () => {
      const g = await start({ name: `tpm${RUN}`, tokensPerMinute: 25 });
      expect(await call(g)).toBe(200); // 12 tokens charged
      expect(await call(g)).toBe(200); // 24
      expect(await call(g)).toBe(200); // 36: the bucket is now in debt
      const e = (await call(g)) as APIError;
      expect(e.status).toBe(429);
      expect(e.code).toBe("tokens_per_minute");
      expect(Number(e.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
    },
  );

  it.skipIf(!backend.enabled)(
    "daily token budget: 429 daily_token_budget with Retry-After to UTC midnight",
    async () => {
      const db = backend.db();
      const g = await start({ name: `daily${RUN}`, dailyTokenBudget: 20 }, db);
      expect(await call(g)).toBe(200);
      expect(await call(g)).toBe(200);
      const e = (await call(g)) as APIError;
      expect(e.status).toBe(429);
      expect(e.code).toBe("daily_token_budget");
      expect(Number(e.headers?.get("retry-after"))).toBeLessThanOrEqual(86_400);
      // The budget survives a restart: per-process limits are seeded from today's usage records, Redis keeps its counter.
      await g.close();
      open.splice(open.indexOf(g), 1);
      const again = await start({ name: `daily${RUN}`, dailyTokenBudget: 20 }, db);
      expect(((await call(again)) as APIError).code).toBe("daily_token_budget");
    },
  );

  it.skipIf(!backend.enabled || !backend.redis)(
    "requests per minute are shared by two replicas through Redis",
    async () => {
      const db = backend.db();
      const a = await start({ name: `shared${RUN}`, requestsPerMinute: 4 }, db);
      const b = await start({ name: `shared${RUN}`, requestsPerMinute: 4 }, db);
      const results = [await call(a), await call(b), await call(a), await call(b), await call(a), await call(b)];
      expect(results.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect((results[4] as APIError).code).toBe("requests_per_minute");
      expect((results[5] as APIError).status).toBe(429);
    },
  );
});
