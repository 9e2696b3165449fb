/**
 * `aiplat serve gateway` as a process: SIGTERM stops it gracefully and no usage record is lost. Runs the compiled
 * command (build/, made by `npm run build`, which `npm test` runs first); skipped with a notice when build/ is missing.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../../src/services/gateway/sqlite-store.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client, teams } from "./helpers.js";

const serveJs = fileURLToPath(new URL("../../../build/cli/commands/serve.js", import.meta.url));
const built = existsSync(serveJs);
if (!built) console.warn("[gateway tests] SKIPPED the SIGTERM test: build/ is missing; run `npm run build` first.");

describe.skipIf(!built)("aiplat serve gateway under SIGTERM", () => {
  let sim: Simulator | undefined;
  afterAll(() => sim?.close());

  it("finishes in-flight requests and writes every usage record before exiting", async () => {
    sim = await startSimulator({ models: ["chat-a"], completionTokens: 4, ttftMs: 300 });
    const dir = mkdtempSync(join(tmpdir(), "aiplat-gw-sigterm-"));
    const cfg = join(dir, "gateway.json");
    const db = join(dir, "usage.db");
    writeFileSync(
      cfg,
      JSON.stringify({
        models: [{ name: "chat-a", endpoints: [{ url: sim.url }] }],
        // Far longer than the test: only the shutdown flush can write the records.
        metering: { flushIntervalMs: 600_000 },
        logging: { level: "warn" },
        ...teams(),
      }),
    );
    // Loads only the serve command (not the whole CLI), as `aiplat serve gateway` would run it.
    const script = `const { Command } = await import("commander"); const { registerServe } = await import(${JSON.stringify(serveJs)});
      const p = new Command(); registerServe(p); await p.parseAsync(process.argv.slice(1), { from: "user" });`;
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", script, "serve", "gateway", "--config", cfg, "--port", "0", "--db", `sqlite:${db}`],
      { cwd: fileURLToPath(new URL("../../..", import.meta.url)), stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`gateway did not start:\n${err}`)), 15_000);
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
      child.once("exit", (code) => reject(new Error(`gateway exited with ${code}:\n${err}`)));
    });
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
