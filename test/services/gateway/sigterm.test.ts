/**
 * `aiplat serve gateway` as a process: SIGTERM stops it gracefully and no usage record is lost. Skipped with a notice
 * when build/ is missing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../../src/services/gateway/sqlite-store.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client } from "./helpers.js";
import { serveBuilt as built, startServeProcess, writeGatewayConfig } from "./serve-process.js";

if (!built) console.warn("[gateway tests] SKIPPED the SIGTERM test: build/ is missing; run `npm run build` first.");

describe.skipIf(!built)("aiplat serve gateway under SIGTERM", () => {
  let sim: Simulator | undefined;
  afterAll(() => sim?.close());

  it("finishes in-flight requests and writes every usage record before exiting", async () => {
    sim = await startSimulator({ models: ["chat-a"], completionTokens: 4, ttftMs: 300 });
    const { cfg, db } = writeGatewayConfig("aiplat-gw-sigterm-", "chat-a", sim.url, {
      // Far longer than the test: only the shutdown flush can write the records.
      metering: { flushIntervalMs: 600_000 },
    });
    const { child, url } = await startServeProcess(["gateway", "--config", cfg, "--port", "0", "--db", `sqlite:${db}`]);
    const c = client({ url });
    const done = await Promise.all(
      Array.from({ length: 5 }, () =>
        c.chat.completions.create({ model: "chat-a", messages: [{ role: "user", content: "x" }] }),
      ),
    );
    expect(done).toHaveLength(5);
    // These are in flight (the simulator takes 300 ms) when SIGTERM arrives: they must complete.
    const inflight = Array.from({ length: 3 }, () =>
      c.chat.completions.create({ model: "chat-a", messages: [{ role: "user", content: "y" }] }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const late = await Promise.allSettled(inflight);
    expect(late.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(await exited).toBe(0);

    const store = new SqliteStore(db);
    const rows = await store.usageRecords(0, 100);
    await store.close();
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.status === 200 && r.completionTokens === 4 && r.keyId === "research-1")).toBe(true);
  });
});
