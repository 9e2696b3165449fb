/** Prompt management: immutable versions, audited labels, rendering (admin API and in requests), variable checks. */
import type { APIError, default as OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkVariables, parsePromptVersion, renderPrompt } from "../../../src/services/gateway/prompts.js";
import type { Gateway } from "../../../src/services/gateway/server.js";
import type { PromptVersion } from "../../../src/services/gateway/store.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { BACKENDS, RUN } from "./backends.js";
import { client, config, gateway, KEYS, raw, teams } from "./helpers.js";

describe("prompt rendering (unit)", () => {
  const v: PromptVersion = {
    name: "p",
    version: 1,
    messages: [{ role: "system", content: "You help {{ team }}.{% if tone %} Be {{ tone }}.{% endif %}" }],
    variables: { team: { type: "string" }, tone: { type: "string", required: false } },
    createdAt: 0,
    createdBy: "t",
  };
  it("renders Jinja with the variables", () => {
    expect(renderPrompt(v, { team: "research", tone: "brief" })).toEqual([
      { role: "system", content: "You help research. Be brief." },
    ]);
    expect(renderPrompt(v, { team: "x" })).toEqual([{ role: "system", content: "You help x." }]);
  });
  it.each([
    [{}, "missing_variable", "prompt.variables.team"],
    [{ team: 3 }, "invalid_variable", "prompt.variables.team"],
    [{ team: "a", extra: 1 }, "unknown_variable", "prompt.variables.extra"],
  ])("rejects variables %j with %s", (vars, code, param) => {
    expect(checkVariables(v, vars)).toMatchObject({ status: 400, code, param });
  });
  it("rejects a version with a broken template or a bad role", () => {
    expect(parsePromptVersion({ messages: [{ role: "user", content: "{% if %}" }] })).toMatchObject({
      code: "invalid_template",
    });
    expect(parsePromptVersion({ messages: [{ role: "robot", content: "x" }] })).toMatchObject({
      code: "invalid_prompt",
      param: "messages[0]",
    });
    expect(parsePromptVersion({ messages: [] })).toMatchObject({ code: "invalid_prompt" });
  });
});

describe.each(BACKENDS)("prompts on $name", (backend) => {
  let sim: Simulator;
  let gw: Gateway;
  const name = `support-triage${RUN}`;
  beforeAll(async () => {
    if (!backend.enabled) return;
    sim = await startSimulator({ models: ["chat-a"], completionTokens: 2 });
    gw = await gateway(
      config({ models: [{ name: "chat-a", endpoints: [{ url: sim.url }] }], ...teams({ suffix: RUN }) }),
      {
        db: backend.db(),
        redis: backend.redis,
      },
    );
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  });
  const admin = (path: string, init: Parameters<typeof raw>[2] = {}) => raw(gw, path, { key: KEYS.admin, ...init });

  it.skipIf(!backend.enabled)(
    "creates numbered immutable versions, moves labels with an audit trail, renders",
    async () => {
      const v1 = await admin(`/v1/prompts/${name}/versions`, {
        body: {
          messages: [{ role: "system", content: "Triage for {{ product }}." }],
          variables: { product: { type: "string" } },
        },
      });
      expect(v1.status).toBe(201);
      expect(v1.json).toMatchObject({ name, version: 1, createdBy: "admin-1" });
      const v2 = await admin(`/v1/prompts/${name}/versions`, {
        body: {
          messages: [{ role: "system", content: "Triage {{ product | upper }} tickets, {{ n }} at a time." }],
          variables: { product: { type: "string" }, n: { type: "number" } },
        },
      });
      expect(v2.json.version).toBe(2);
      // Labels: production -> 1, staging -> 2, then production moves to 2.
      expect(
        (await admin(`/v1/prompts/${name}/labels/production`, { method: "PUT", body: { version: 1 } })).json,
      ).toMatchObject({
        fromVersion: null,
        toVersion: 1,
      });
      await admin(`/v1/prompts/${name}/labels/staging`, { method: "PUT", body: { version: 2 } });
      const moved = await admin(`/v1/prompts/${name}/labels/production`, { method: "PUT", body: { version: 2 } });
      expect(moved.json).toMatchObject({ label: "production", fromVersion: 1, toVersion: 2, actor: "admin-1" });
      expect(
        (await admin(`/v1/prompts/${name}/labels/production`, { method: "PUT", body: { version: 9 } })).status,
      ).toBe(404);
      const audit = await admin(`/v1/prompts/${name}/audit`);
      expect(audit.json.data.map((r: { label: string; toVersion: number }) => `${r.label}:${r.toVersion}`)).toEqual([
        "production:1",
        "staging:2",
        "production:2",
      ]);
      const got = await admin(`/v1/prompts/${name}`);
      expect(got.json.labels).toEqual({ production: 2, staging: 2 });
      expect(got.json.versions).toHaveLength(2);
      // Version 1 is unchanged by later versions.
      expect((await admin(`/v1/prompts/${name}/versions/1`)).json.messages[0].content).toBe(
        "Triage for {{ product }}.",
      );
      const rendered = await admin(`/v1/prompts/${name}/render`, {
        body: { label: "production", variables: { product: "gpu", n: 5 } },
      });
      expect(rendered.json).toMatchObject({
        version: 2,
        messages: [{ role: "system", content: "Triage GPU tickets, 5 at a time." }],
      });
      const bad = await admin(`/v1/prompts/${name}/render`, { body: { version: 2, variables: { product: "gpu" } } });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({ code: "missing_variable", param: "prompt.variables.n" });
    },
  );

  it.skipIf(!backend.enabled)("renders a prompt named in a chat request into the messages sent upstream", async () => {
    const c = client(gw);
    const body = {
      model: "chat-a",
      messages: [{ role: "user" as const, content: "my GPU node is NotReady" }],
      prompt: { name, label: "staging", variables: { product: "eks", n: 3 } },
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const r = await c.chat.completions.create(body);
    expect(r.choices).toHaveLength(1);
    // The simulator counts prompt tokens from the messages it received: system + user text.
    const expected = Math.ceil(("Triage EKS tickets, 3 at a time." + "my GPU node is NotReady").length / 4);
    expect(r.usage?.prompt_tokens).toBe(expected);
    const err = (await c.chat.completions
      .create({ ...body, prompt: { name, label: "staging", variables: { product: 1, n: 3 } } } as typeof body)
      .catch((e: unknown) => e)) as APIError;
    expect(err.status).toBe(400);
    expect(err.code).toBe("invalid_variable");
    const missing = (await c.chat.completions
      .create({ ...body, prompt: { name, label: "nope" } } as typeof body)
      .catch((e: unknown) => e)) as APIError;
    expect(missing.status).toBe(404);
    expect(missing.code).toBe("prompt_not_found");
  });

  it.skipIf(!backend.enabled)("keeps the prompt admin API to admin keys", async () => {
    expect((await raw(gw, `/v1/prompts/${name}`, { key: KEYS.research })).status).toBe(403);
    expect((await admin(`/v1/prompts/${name}/versions`, { body: { messages: "x" } })).status).toBe(400);
    expect((await admin("/v1/prompts/Bad Name!")).status).toBe(400);
  });
});
