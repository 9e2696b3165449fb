/** Usage metering: one record per request, batched writes, nothing lost on graceful shutdown, the admin summary. */
import { afterAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../../src/services/gateway/server.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { BACKENDS, RUN } from "./backends.js";
import { client, config, gateway, KEYS, raw, teams } from "./helpers.js";

const msg = [{ role: "user" as const, content: "hello gateway" }];

describe.each(BACKENDS)("usage on $name", (backend) => {
  let sim: Simulator | undefined;
  const gws: Gateway[] = [];
  afterAll(async () => {
    for (const g of gws) await g.close();
    await sim?.close();
  });
  const cfg = (flushIntervalMs: number) =>
    config({
      models: [{ name: "chat-a", endpoints: [{ url: sim!.url }] }],
      metering: { flushIntervalMs },
      ...teams({ suffix: RUN }),
    });

  it.skipIf(!backend.enabled)(
    "keeps every record across a graceful restart and summarises by team and model",
    async () => {
      sim = await startSimulator({ models: ["chat-a"], completionTokens: 3 });
      const db = backend.db();
      const since = Date.now();
      // A flush interval far longer than the test: only the shutdown flush can write these records.
      const first = await gateway(cfg(600_000), { db, redis: backend.redis });
      const c = client(first);
      const n = 25;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          i % 2 === 0
            ? c.chat.completions.create({ model: "chat-a", messages: msg })
            : (async () => {
                const s = await c.chat.completions.create({ model: "chat-a", messages: msg, stream: true });
                for await (const _ of s) {
                  // drain
                }
              })(),
        ),
      );
      await client(first, KEYS.agents)
        .chat.completions.create({ model: "nope", messages: msg })
        .catch(() => {});
      expect(first.meter.pending).toBe(n + 1);
      await first.close();

      const second = await gateway(cfg(50), { db, redis: backend.redis });
      gws.push(second);
      const rows = (await second.store.usageRecords(since, 1_000)).filter((r) => r.team.endsWith(RUN));
      expect(rows).toHaveLength(n + 1);
      const ok = rows.filter((r) => r.status === 200);
      expect(ok).toHaveLength(n);
      for (const r of ok) {
        expect(r).toMatchObject({
          team: `research${RUN}`,
          keyId: "research-1",
          model: "chat-a",
          endpoint: sim.url,
          completionTokens: 3,
        });
        expect(r.promptTokens).toBe(Math.ceil("hello gateway".length / 4));
        expect(r.latencyMs).toBeGreaterThan(0);
        expect(r.ttftMs).not.toBeNull();
      }
      expect(rows.find((r) => r.status === 404)).toMatchObject({ team: `agents${RUN}`, model: "nope", endpoint: "" });

      const summary = await raw(second, `/v1/usage?since=${since}`, { key: KEYS.admin });
      expect(summary.status).toBe(200);
      const mine = summary.json.data.filter((r: { team: string }) => r.team.endsWith(RUN));
      expect(mine).toContainEqual({
        team: `research${RUN}`,
        model: "chat-a",
        requests: n,
        errors: 0,
        promptTokens: 4 * n,
        completionTokens: 3 * n,
      });
      expect(mine).toContainEqual(
        expect.objectContaining({ team: `agents${RUN}`, model: "nope", requests: 1, errors: 1 }),
      );
      expect((await raw(second, "/v1/usage?since=yesterday", { key: KEYS.admin })).status).toBe(400);
    },
  );

  it.skipIf(!backend.enabled)("writes records within about one flush interval while running", async () => {
    sim ??= await startSimulator({ models: ["chat-a"], completionTokens: 3 });
    const g = await gateway(cfg(100), { db: backend.db(), redis: backend.redis });
    gws.push(g);
    const since = Date.now();
    await client(g).chat.completions.create({ model: "chat-a", messages: msg });
    expect(g.meter.pending).toBe(1);
    for (let i = 0; i < 100 && g.meter.pending > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(g.meter.pending).toBe(0);
    const rows = (await g.store.usageRecords(since, 100)).filter((r) => r.team.endsWith(RUN));
    expect(rows).toHaveLength(1);
  });
});
