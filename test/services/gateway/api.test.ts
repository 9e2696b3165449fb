/** The OpenAI-compatible API through the gateway with the official `openai` client: happy paths and every error path. */
import OpenAI, { type APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../../src/services/gateway/server.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client, config, gateway, KEYS, raw, teams } from "./helpers.js";

let simA: Simulator;
let slow: Simulator;
let gw: Gateway;
beforeAll(async () => {
  simA = await startSimulator({ models: ["chat-a", "embed-a"], completionTokens: 5 });
  process.env.AIPLAT_TEST_UPSTREAM_KEY = "sk-upstream-secret";
  slow = await startSimulator({ models: ["slow"], failure: { mode: "hang" } });
  gw = await gateway(
    config({
      models: [
        { name: "chat-a", endpoints: [{ url: simA.url }] },
        { name: "embed", endpoints: [{ url: `${simA.url}/v1`, model: "embed-a" }] },
        { name: "slow", endpoints: [{ url: slow.url }] },
        {
          name: "external",
          endpoints: [
            {
              url: `${simA.url}/v1`,
              kind: "openai-compatible",
              model: "chat-a",
              apiKeyEnv: "AIPLAT_TEST_UPSTREAM_KEY",
            },
          ],
        },
      ],
      limits: { maxBodyBytes: 4096 },
      timeouts: { firstByteMs: 300, totalMs: 2_000, connectMs: 500 },
      ...teams(),
    }),
  );
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([simA?.close(), slow?.close()]);
});

const msg = [{ role: "user" as const, content: "hello" }];

describe("gateway API with the openai client", () => {
  it("chat completion, not streamed, passes the upstream body through", async () => {
    const r = await client(gw).chat.completions.create({ model: "chat-a", messages: msg });
    expect(r.id).toMatch(/^chatcmpl-sim/);
    expect(r.choices[0]?.message.content).toBe("the model serves tokens from");
    expect(r.usage).toMatchObject({ completion_tokens: 5 });
  });

  it("chat completion, streamed: every token arrives, and the usage chunk the gateway asked for", async () => {
    const s = await client(gw).chat.completions.create({ model: "chat-a", messages: msg, stream: true });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const ch of s) {
      text += ch.choices[0]?.delta.content ?? "";
      if (ch.usage) usage = ch.usage;
    }
    expect(text).toBe("the model serves tokens from");
    expect(usage?.completion_tokens).toBe(5);
  });

  it("text completions, streamed and not", async () => {
    const r = await client(gw).completions.create({ model: "chat-a", prompt: "x", max_tokens: 2 });
    expect(r.choices[0]?.text).toBe("the model");
    const s = await client(gw).completions.create({ model: "chat-a", prompt: "x", max_tokens: 3, stream: true });
    let text = "";
    for await (const ch of s) text += ch.choices[0]?.text ?? "";
    expect(text).toBe("the model serves");
  });

  it("embeddings through a route whose upstream knows the model by another name (base path /v1 kept)", async () => {
    const r = await client(gw).embeddings.create({ model: "embed", input: ["a", "b", "c"] });
    expect(r.data).toHaveLength(3);
    expect(r.data[0]?.embedding).toHaveLength(16);
  });

  it("lists the models a team may use", async () => {
    expect((await client(gw).models.list()).data.map((m) => m.id).sort()).toEqual([
      "chat-a",
      "embed",
      "external",
      "slow",
    ]);
    expect((await client(gw, KEYS.agents).models.list()).data.map((m) => m.id)).toEqual(["chat-a"]);
  });

  it("401 for a missing or wrong key, in OpenAI's error shape", async () => {
    const bad = client(gw, "sk-wrong");
    await expect(bad.chat.completions.create({ model: "chat-a", messages: msg })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const r = await raw(gw, "/v1/chat/completions", { body: { model: "chat-a", messages: msg } });
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
  });

  it("403 for a model the team may not use", async () => {
    const err = await client(gw, KEYS.agents)
      .embeddings.create({ model: "embed", input: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as APIError).code).toBe("model_not_allowed");
  });

  it("404 for an unknown model", async () => {
    const err = await client(gw)
      .chat.completions.create({ model: "nope", messages: msg })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as APIError).param).toBe("model");
  });

  it("400 for malformed JSON, a non-object body, and a missing model", async () => {
    const a = await raw(gw, "/v1/chat/completions", { key: KEYS.research, rawBody: '{"model": "chat-a", ' });
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe("invalid_json");
    const b = await raw(gw, "/v1/chat/completions", { key: KEYS.research, rawBody: "[1,2]" });
    expect(b.status).toBe(400);
    expect(b.json.error.code).toBe("invalid_body");
    const c = await raw(gw, "/v1/chat/completions", { key: KEYS.research, body: { messages: msg } });
    expect(c.status).toBe(400);
    expect(c.json.error).toMatchObject({ code: "missing_model", param: "model", type: "invalid_request_error" });
  });

  it("413 for a body over the limit, with the connection still answering", async () => {
    const big = "x".repeat(10_000);
    const err = await client(gw)
      .chat.completions.create({ model: "chat-a", messages: [{ role: "user", content: big }] })
      .catch((e: unknown) => e);
    expect((err as APIError).status).toBe(413);
    expect((err as APIError).code).toBe("request_too_large");
    const r = await raw(gw, "/v1/chat/completions", { key: KEYS.research, rawBody: "y".repeat(200_000) });
    expect(r.status).toBe(413);
  });

  it("429 with Retry-After when a team is over its requests per minute", async () => {
    const c = client(gw, KEYS.limited);
    await c.chat.completions.create({ model: "chat-a", messages: msg });
    await c.chat.completions.create({ model: "chat-a", messages: msg });
    const err = (await c.chat.completions
      .create({ model: "chat-a", messages: msg })
      .catch((e: unknown) => e)) as APIError;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.code).toBe("requests_per_minute");
    const retryAfter = Number(err.headers?.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
  });

  it("504 when the upstream sends nothing before the first-byte timeout", async () => {
    const t = Date.now();
    const err = (await client(gw)
      .chat.completions.create({ model: "slow", messages: msg })
      .catch((e: unknown) => e)) as APIError;
    expect(err.status).toBe(504);
    expect(err.code).toBe("upstream_timeout");
    // undici checks its timeouts on a coarse timer (up to ~1 s late); well under the 2 s total timeout all the same.
    expect(Date.now() - t).toBeLessThan(3_000);
  });

  it("propagates W3C trace context upstream: same trace id, a new parent span", async () => {
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    await raw(gw, "/v1/chat/completions", {
      key: KEYS.research,
      body: { model: "chat-a", messages: msg },
      headers: { traceparent },
    });
    const sent = String(simA.lastHeaders?.traceparent);
    expect(sent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(sent).not.toBe(traceparent);
    expect(simA.lastHeaders?.authorization).toBeUndefined();
  });

  it("sends an openai-compatible endpoint its own key (from the environment), never the client's", async () => {
    await client(gw).chat.completions.create({ model: "external", messages: msg });
    expect(simA.lastHeaders?.authorization).toBe("Bearer sk-upstream-secret");
  });

  it("serves /healthz, /readyz and Prometheus /metrics with request, latency, TTFT, token and limiter series", async () => {
    expect((await raw(gw, "/healthz")).status).toBe(200);
    expect((await raw(gw, "/readyz")).status).toBe(200);
    const m = String((await raw(gw, "/metrics")).json);
    expect(m).toMatch(/aiplat_gateway_requests_total\{model="chat-a",team="research",status="200"\} \d+/);
    expect(m).toContain("aiplat_gateway_request_duration_seconds_bucket");
    expect(m).toContain("aiplat_gateway_time_to_first_token_seconds_bucket");
    expect(m).toMatch(/aiplat_gateway_tokens_total\{model="chat-a",team="research",kind="completion"\} \d+/);
    expect(m).toMatch(/aiplat_gateway_limiter_rejections_total\{team="limited",limit="requests_per_minute"\} 1/);
    expect(m).toMatch(/aiplat_gateway_endpoint_healthy\{model="chat-a",endpoint="http:\/\/127\.0\.0\.1:\d+"\} 1/);
  });

  it("admin endpoints refuse team keys (403) and unknown paths are 404", async () => {
    expect((await raw(gw, "/v1/usage", { key: KEYS.research })).status).toBe(403);
    expect((await raw(gw, "/v1/nothing", { key: KEYS.research })).status).toBe(404);
  });
});
