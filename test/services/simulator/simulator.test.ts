import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";

let sim: Simulator;
let c: OpenAI;
beforeAll(async () => {
  sim = await startSimulator({ models: ["sim-a"], ttftMs: 100, itlMs: 5, completionTokens: 8, maxRunning: 1 });
  c = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => sim?.close());

describe("simulator (OpenAI-compatible upstream)", () => {
  it("answers chat completions with usage, after at least the time to first token", async () => {
    const t = Date.now();
    const r = await c.chat.completions.create({ model: "sim-a", messages: [{ role: "user", content: "hello there" }] });
    expect(Date.now() - t).toBeGreaterThanOrEqual(100 + 5 * 7 - 2);
    expect(r.object).toBe("chat.completion");
    expect(r.usage?.completion_tokens).toBe(8);
    expect(r.choices[0]?.message.content?.split(" ").length).toBe(8);
  });

  it("streams SSE chunks with the usage chunk when asked", async () => {
    const s = await c.chat.completions.create({
      model: "sim-a",
      messages: [{ role: "user", content: "x" }],
      max_tokens: 4,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const ch of s) chunks.push(ch);
    expect(chunks.filter((ch) => ch.choices[0]?.delta.content).length).toBe(4);
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 1, completion_tokens: 4, total_tokens: 5 });
  });

  it("serves completions, embeddings, models and health", async () => {
    const t = await c.completions.create({ model: "sim-a", prompt: "abc", max_tokens: 3 });
    expect(t.choices[0]?.text).toBe("the model serves");
    const e = await c.embeddings.create({ model: "sim-a", input: ["a", "b"] });
    expect(e.data).toHaveLength(2);
    expect(e.data[0]?.embedding).toHaveLength(16);
    const m = await c.models.list();
    expect(m.data.map((x) => x.id)).toEqual(["sim-a"]);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });

  it("queues requests beyond maxRunning and reports vLLM-style metrics", async () => {
    const inflight = [1, 2, 3].map(() =>
      c.chat.completions.create({ model: "sim-a", messages: [{ role: "user", content: "q" }] }),
    );
    let text = "";
    try {
      // Poll: on a busy machine the three requests may take a moment to arrive.
      for (let i = 0; i < 300 && !/^vllm:num_requests_waiting\{[^}]*\} 2$/m.test(text); i++) {
        text = await (await fetch(`${sim.url}/metrics`)).text();
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      await Promise.allSettled(inflight);
    }
    expect(text).toMatch(/^vllm:num_requests_waiting\{model_name="sim-a"\} 2$/m);
    expect(text).toMatch(/^vllm:num_requests_running\{model_name="sim-a"\} 1$/m);
    expect(Number(/^vllm:gpu_cache_usage_perc\{[^}]*\} (\S+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    await Promise.all(inflight);
  });

  it("injects failures: a status for N requests, then back to normal", async () => {
    sim.inject({ mode: "status", status: 503, count: 1 });
    await expect(
      c.chat.completions.create({ model: "sim-a", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({
      status: 503,
    });
    const ok = await c.chat.completions.create({ model: "sim-a", messages: [{ role: "user", content: "x" }] });
    expect(ok.choices).toHaveLength(1);
    const r = await fetch(`${sim.url}/sim/failure`, {
      method: "POST",
      body: JSON.stringify({ mode: "reset", count: 1 }),
    });
    expect(r.status).toBe(200);
    await expect(
      c.chat.completions.create({ model: "sim-a", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toThrow();
  });

  it("returns 404 in OpenAI's shape for an unknown model", async () => {
    await expect(
      c.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
