/** Balancing, failover, ejection and recovery, fallback models, and queue-aware routing. */
import OpenAI, { type APIError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../../src/services/gateway/server.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client, config, gateway, KEYS, raw, teams, until } from "./helpers.js";

const msg = [{ role: "user" as const, content: "hi" }];
let open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const x of open.reverse()) await x.close();
  open = [];
});
async function sims(n: number, opts: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator[]> {
  const out = await Promise.all(
    Array.from({ length: n }, () => startSimulator({ models: ["m"], completionTokens: 2, ...opts })),
  );
  open.push(...out);
  return out;
}
async function gw(input: Parameters<typeof config>[0]): Promise<Gateway> {
  const g = await gateway(config({ ...teams({ agentsModels: ["m"] }), ...input }));
  open.unshift(g);
  return g;
}

describe("routing", () => {
  it("balances by least outstanding requests", async () => {
    const [a, b] = await sims(2, { ttftMs: 400 });
    const g = await gw({ models: [{ name: "m", endpoints: [{ url: a!.url }, { url: b!.url }] }] });
    await Promise.all(
      Array.from({ length: 10 }, () => client(g).chat.completions.create({ model: "m", messages: msg })),
    );
    // Each request goes where fewer are in flight: an even split (one off at most if a request finished early).
    expect(Math.abs(a!.stats.completed - b!.stats.completed)).toBeLessThanOrEqual(2);
    expect(a!.stats.completed + b!.stats.completed).toBe(10);
  });

  it("fails over when an endpoint dies mid-test: no request fails, the dead one is ejected", async () => {
    const [a, b] = await sims(2);
    const g = await gw({
      models: [{ name: "m", endpoints: [{ url: a!.url }, { url: b!.url }] }],
      routing: { ejectionCooldownMs: 60_000 },
    });
    const c = client(g);
    for (let i = 0; i < 6; i++) await c.chat.completions.create({ model: "m", messages: msg });
    expect(a!.stats.completed).toBeGreaterThan(0);
    await a!.close();
    const beforeB = b!.stats.completed;
    for (let i = 0; i < 10; i++) {
      const r = await c.chat.completions.create({ model: "m", messages: msg });
      expect(r.choices).toHaveLength(1);
    }
    expect(b!.stats.completed - beforeB).toBe(10);
    const metrics = String((await raw(g, "/metrics")).json);
    expect(metrics).toContain(`aiplat_gateway_endpoint_healthy{model="m",endpoint="${a!.url}"} 0`);
    expect(metrics).toMatch(
      /aiplat_gateway_upstream_failures_total\{model="m",endpoint="[^"]+",reason="(connect|error)"\} [1-9]/,
    );
  });

  it("retries a 5xx on another endpoint, ejects the failing one for the cool-down, then lets it back", async () => {
    const [a, b] = await sims(2);
    const g = await gw({
      models: [{ name: "m", endpoints: [{ url: a!.url }, { url: b!.url }] }],
      routing: { ejectionCooldownMs: 2_000 },
    });
    a!.inject({ mode: "status", status: 500 });
    const c = client(g);
    for (let i = 0; i < 6; i++)
      expect((await c.chat.completions.create({ model: "m", messages: msg })).choices).toHaveLength(1);
    // a failed once, was ejected, and saw no more traffic during the cool-down.
    expect(a!.stats.injected).toBe(1);
    expect(b!.stats.completed).toBe(6);
    a!.inject({ mode: "none" });
    await new Promise((r) => setTimeout(r, 2_100));
    for (let i = 0; i < 6; i++) await c.chat.completions.create({ model: "m", messages: msg });
    expect(a!.stats.completed).toBeGreaterThanOrEqual(2);
  });

  it("cuts a stream the upstream breaks after the first bytes (no silent truncation) and meters it as 502", async () => {
    const [a] = await sims(1, { failure: { mode: "stream-abort" }, completionTokens: 8, itlMs: 10 });
    const g = await gw({ models: [{ name: "m", endpoints: [{ url: a!.url }] }] });
    const s = await client(g).chat.completions.create({ model: "m", messages: msg, stream: true });
    const read = async () => {
      for await (const _ of s) {
        // consume
      }
    };
    await expect(read()).rejects.toThrow();
    await g.meter.flush();
    const rows = await g.store.usageRecords(0, 10);
    expect(rows.at(-1)?.status).toBe(502);
  });

  it("falls back to the next model when the model's endpoints fail, and meters the model that answered", async () => {
    const [a] = await sims(1);
    const [b] = await sims(1, { models: ["upstream-b"] });
    const g = await gw({
      models: [
        { name: "m", endpoints: [{ url: a!.url }], fallbacks: ["m-backup"] },
        { name: "m-backup", endpoints: [{ url: b!.url, model: "upstream-b" }] },
      ],
    });
    a!.inject({ mode: "status", status: 503 });
    const r = await client(g).chat.completions.create({ model: "m", messages: msg });
    expect(r.model).toBe("upstream-b");
    await g.meter.flush();
    const rows = await g.store.usageRecords(0, 10);
    expect(rows.at(-1)).toMatchObject({ model: "m-backup", status: 200, endpoint: b!.url });
  });

  it("502 when every endpoint answers 5xx, then 503 with Retry-After while all are ejected", async () => {
    const [a] = await sims(1, { failure: { mode: "status", status: 500 } });
    const g = await gw({
      models: [{ name: "m", endpoints: [{ url: a!.url }] }],
      routing: { ejectionCooldownMs: 3_000 },
    });
    const c = client(g);
    const e1 = (await c.chat.completions.create({ model: "m", messages: msg }).catch((e: unknown) => e)) as APIError;
    expect(e1.status).toBe(502);
    const e2 = (await c.chat.completions.create({ model: "m", messages: msg }).catch((e: unknown) => e)) as APIError;
    expect(e2).toBeInstanceOf(OpenAI.InternalServerError);
    expect(e2.status).toBe(503);
    expect(e2.code).toBe("no_healthy_endpoint");
    expect(Number(e2.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await raw(g, "/readyz")).status).toBe(503);
  });

  it("queue-aware routing steers away from an endpoint whose vLLM queue is long", async () => {
    const [busy] = await sims(1, { maxRunning: 1, ttftMs: 1_500 });
    const [idle] = await sims(1);
    const g = await gw({
      models: [{ name: "m", queueAware: true, endpoints: [{ url: busy!.url }, { url: idle!.url }] }],
      routing: { queueProbeIntervalMs: 50 },
    });
    // Fill the busy endpoint's queue directly, bypassing the gateway.
    const direct = new OpenAI({ baseURL: `${busy!.url}/v1`, apiKey: "x", maxRetries: 0 });
    const backlog = Array.from({ length: 4 }, () => direct.chat.completions.create({ model: "m", messages: msg }));
    await until(() => g.router.routes.get("m")!.endpoints[0]!.waiting >= 3, 2_000);
    const c = client(g, KEYS.research);
    for (let i = 0; i < 8; i++) await c.chat.completions.create({ model: "m", messages: msg });
    expect(idle!.stats.completed).toBe(8);
    await busy!.close();
    await Promise.allSettled(backlog);
  });
});
