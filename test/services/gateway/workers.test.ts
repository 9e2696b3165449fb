/**
 * `aiplat serve gateway --workers 2`: two gateway processes on one port, one SQLite database; SIGTERM drains both and
 * every usage record is written. Skipped with a notice when build/ is missing.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { workerExecArgv } from "../../../src/cli/gateway-workers.js";
import { SqliteStore } from "../../../src/services/gateway/sqlite-store.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client } from "./helpers.js";
import { serveBuilt, startServeProcess, writeGatewayConfig } from "./serve-process.js";

if (!serveBuilt)
  console.warn("[gateway tests] SKIPPED the --workers test: build/ is missing; run `npm run build` first.");

describe.skipIf(!serveBuilt)("aiplat serve gateway --workers", () => {
  let sim: Simulator | undefined;
  afterAll(() => sim?.close());

  it("runs 2 worker processes on one port, serves through them and loses no usage record on SIGTERM", async () => {
    sim = await startSimulator({ models: ["chat-a"], completionTokens: 3, ttftMs: 20 });
    const { cfg, db } = writeGatewayConfig("aiplat-gw-workers-", "chat-a", sim.url, {
      // Far longer than the test: only the shutdown flush can write the records.
      metering: { flushIntervalMs: 600_000 },
    });
    const gw = await startServeProcess([
      "gateway",
      "--config",
      cfg,
      "--port",
      "0",
      "--db",
      `sqlite:${db}`,
      "--workers",
      "2",
    ]);
    expect(gw.stderr()).toMatch(/with 2 workers/);
    // the primary's child processes (Linux /proc): the two workers
    const pid = gw.child.pid!;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ");
    expect(children).toHaveLength(2);
    // Separate clients (connections) so both workers get some: node:cluster hands connections out round-robin.
    const done = await Promise.all(
      Array.from({ length: 12 }, () =>
        client(gw).chat.completions.create({ model: "chat-a", messages: [{ role: "user", content: "x" }] }),
      ),
    );
    expect(done.every((r) => r.usage?.completion_tokens === 3)).toBe(true);
    const exited = new Promise<number | null>((resolve) => gw.child.once("exit", (code) => resolve(code)));
    gw.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const store = new SqliteStore(db);
    const rows = await store.usageRecords(0, 100);
    await store.close();
    expect(rows).toHaveLength(12);
  });

  it("refuses zero workers, naming the option", async () => {
    await expect(startServeProcess(["gateway", "--config", "x.yaml", "--workers", "0"])).rejects.toThrow(
      /--workers must be at least 1/,
    );
  });
});

describe("workerExecArgv", () => {
  it("keeps the primary's Node.js flags but not the code it evaluates", () => {
    expect(
      workerExecArgv(["--max-old-space-size=512", "--input-type=module", "-e", "code()", "--cpu-prof", "--eval=x"]),
    ).toEqual(["--max-old-space-size=512", "--cpu-prof"]);
    expect(workerExecArgv(["-p", "1+1", "--inspect"])).toEqual(["--inspect"]);
  });
});
