/** Small pure pieces: config findings, token buckets, usage extraction, vLLM metrics parsing, traceparent parsing. */
import { describe, expect, it } from "vitest";
import { findUsage } from "../../../src/services/gateway/body.js";
import { resolveGatewayConfig } from "../../../src/services/gateway/config.js";
import { hashKey } from "../../../src/services/gateway/keys.js";
import { LocalLimiter, secondsToUtcMidnight } from "../../../src/services/gateway/limiter.js";
import { parseVllmMetrics } from "../../../src/services/gateway/queue-probe.js";
import { TokenBucket } from "../../../src/services/gateway/token-bucket.js";
import { parseTraceparent } from "../../../src/services/gateway/tracing.js";

const key = { id: "k", sha256: hashKey("x") };

describe("config", () => {
  it("collects every finding with a code and a path", () => {
    const r = resolveGatewayConfig([
      {
        file: "a.yaml",
        data: {
          models: [
            { name: "m", endpoints: [{ url: "http://127.0.0.1:1" }], fallbacks: ["ghost"] },
            { name: "m", endpoints: [{ url: "http://127.0.0.1:2" }] },
          ],
          teams: [{ name: "t", keys: [key], models: ["nope"] }],
        },
      },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.findings.map((f) => `${f.code} ${f.path}`).sort()).toEqual([
      "GW002 models.1.name",
      "GW003 models.0.fallbacks.0",
    ]);
  });
  it("warns, without refusing, when a team names a model no route serves yet (GW005)", () => {
    // In the cluster the teams Secret and the routes ConfigMap have separate owners: the gateway must start first.
    const r = resolveGatewayConfig([
      { file: "teams.yaml", data: { teams: [{ name: "t", keys: [key], models: ["llama", "*"] }] } },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.models).toEqual([]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: "GW005", path: "teams.0.models.0", message: expect.stringContaining('"llama"') }),
    ]);
  });
  it("rejects unknown fields, bad kinds and plain-text keys", () => {
    const r = resolveGatewayConfig([
      {
        file: "b.yaml",
        data: {
          models: [{ name: "m", endpoints: [{ url: "http://x", kind: "sglang" }], extra: 1 }],
          teams: [{ name: "t", keys: [{ id: "k", sha256: "sk-plain" }] }],
        },
      },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.findings.map((f) => f.path);
    expect(paths).toContain("models.0.endpoints.0.kind");
    expect(paths).toContain("teams.0.keys.0.sha256");
    expect(r.findings.every((f) => f.code === "GW001" && f.file === "b.yaml")).toBe(true);
  });
  it("merges several files: routes from one, teams from another", () => {
    const r = resolveGatewayConfig([
      { file: "routes.json", data: { models: [{ name: "m", endpoints: [{ url: "http://127.0.0.1:1" }] }] } },
      {
        file: "teams.yaml",
        data: { teams: [{ name: "t", keys: [key], models: ["m"] }], metering: { flushIntervalMs: 50 } },
      },
    ]);
    expect(r.ok && r.config.models.length === 1 && r.config.teams.length === 1 && r.config.flushIntervalMs === 50).toBe(
      true,
    );
  });
});

describe("token bucket and local limiter", () => {
  it("refills continuously at capacity per minute", () => {
    const b = new TokenBucket(60, 0);
    for (let i = 0; i < 60; i++) expect(b.take(1, 0)).toBe(0);
    expect(b.take(1, 0)).toBe(1000);
    expect(b.take(1, 1000)).toBe(0);
  });
  it("goes into debt on debit and reports the wait until positive", () => {
    const b = new TokenBucket(600, 0);
    b.debit(1200, 0);
    expect(b.waitPositive(0)).toBe(60_001);
    expect(b.waitPositive(60_001)).toBe(0);
  });
  it("refuses over the daily budget until UTC midnight", () => {
    const l = new LocalLimiter();
    const team = { name: "t", keys: [key], models: ["*"], dailyTokenBudget: 100 };
    const now = Date.UTC(2026, 0, 1, 23, 0, 0);
    expect(l.admit(team, now)).toEqual({ ok: true });
    l.charge(team, 100, now);
    expect(l.admit(team, now)).toEqual({ ok: false, limit: "daily_token_budget", retryAfterSeconds: 3600 });
    expect(l.admit(team, now + 3_600_000)).toEqual({ ok: true });
    expect(secondsToUtcMidnight(now)).toBe(3600);
  });
});

describe("usage extraction", () => {
  it("finds usage at the end of a JSON body", () => {
    expect(findUsage('{"choices":[],"usage":{"prompt_tokens":7,"total_tokens":9,"completion_tokens":2}}')).toEqual({
      promptTokens: 7,
      completionTokens: 2,
    });
  });
  it("skips null usage in stream chunks and takes the final usage chunk", () => {
    const tail =
      'data: {"choices":[{"delta":{}}],"usage":null}\n\ndata: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5}}\n\ndata: [DONE]\n\n';
    expect(findUsage(tail)).toEqual({ promptTokens: 3, completionTokens: 5 });
    expect(findUsage('data: {"usage":null}\n\n')).toBeUndefined();
  });
  it("reads embeddings usage (no completion tokens)", () => {
    expect(findUsage('{"data":[],"usage":{"prompt_tokens":4,"total_tokens":4}}')).toEqual({
      promptTokens: 4,
      completionTokens: 0,
    });
  });
});

describe("vLLM metrics", () => {
  it("sums waiting requests and takes the KV-cache usage, old or new name", () => {
    const text = [
      "# TYPE vllm:num_requests_waiting gauge",
      'vllm:num_requests_waiting{model_name="a"} 3',
      'vllm:num_requests_waiting{model_name="b"} 2',
      'vllm:kv_cache_usage_perc{model_name="a"} 0.5',
      'vllm:gpu_cache_usage_perc{model_name="b"} 0.25',
    ].join("\n");
    expect(parseVllmMetrics(text)).toEqual({ waiting: 5, kvCacheUsage: 0.5 });
    expect(parseVllmMetrics("other_metric 1")).toBeUndefined();
  });
});

describe("traceparent", () => {
  it.each([
    ["00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", true],
    ["00-00000000000000000000000000000000-b7ad6b7169203331-01", false],
    ["00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", false],
    ["garbage", false],
  ])("%s valid: %s", (h, ok) => {
    expect(parseTraceparent(h) !== undefined).toBe(ok);
  });
});
