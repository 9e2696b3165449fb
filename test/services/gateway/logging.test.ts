/** Request logs: one JSON line per request, without prompt or completion text unless `logging.logBodies` is set. */
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/services/gateway/logger.js";
import type { Gateway } from "../../../src/services/gateway/server.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client, config, gateway, teams } from "./helpers.js";

const SECRET_PROMPT = "my-confidential-prompt-text-42";

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  let buf = "";
  const stream = new Writable({
    write(chunk, _enc, cb) {
      buf += chunk.toString();
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      buf
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("request logs", () => {
  let sim: Simulator;
  const open: Gateway[] = [];
  afterAll(async () => {
    for (const g of open) await g.close();
    await sim?.close();
  });

  it.each([false, true])("logBodies=%s: the prompt text is logged only when asked", async (logBodies) => {
    sim ??= await startSimulator({ models: ["chat-a"], completionTokens: 2 });
    const out = capture();
    const g = await gateway(
      config({
        models: [{ name: "chat-a", endpoints: [{ url: sim.url }] }],
        logging: { level: "info", logBodies },
        ...teams(),
      }),
      {
        logger: createLogger({ level: "info", destination: out.stream }),
      },
    );
    open.push(g);
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    await client(g).chat.completions.create(
      { model: "chat-a", messages: [{ role: "user", content: SECRET_PROMPT }] },
      { headers: { traceparent } },
    );
    const req = out.lines().find((l) => l.msg === "request");
    expect(req).toMatchObject({
      team: "research",
      keyId: "research-1",
      model: "chat-a",
      status: 200,
      completionTokens: 2,
    });
    expect(String(req?.traceparent)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(JSON.stringify(out.lines()).includes(SECRET_PROMPT)).toBe(logBodies);
  });
});
