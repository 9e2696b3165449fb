/**
 * `aiplat serve gateway` reloads its routes when a config file changes, as when `aiplat render` updates the routes
 * ConfigMap the in-cluster Deployment mounts as optional: one process, and each worker of `--workers 2`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { KEYS, raw, teams } from "./helpers.js";
import { type ServeProcess, serveBuilt, startServeProcess } from "./serve-process.js";

if (!serveBuilt)
  console.warn("[gateway tests] SKIPPED the config reload process test: build/ is missing; run `npm run build` first.");

/** Polls until `ok` holds (every 50 ms, at most `ms`). */
async function until(ok: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const models = async (gw: ServeProcess) =>
  ((await raw(gw, "/v1/models", { key: KEYS.research })).json.data as Array<{ id: string }>).map((m) => m.id);

describe.skipIf(!serveBuilt)("aiplat serve gateway: config reload", () => {
  let sim: Simulator | undefined;
  const procs: ServeProcess[] = [];
  afterAll(async () => {
    for (const p of procs) p.child.kill("SIGTERM");
    await sim?.close();
  });

  it.each([1, 2])(
    "--workers %i: routes that appear are served, a bad change is refused and the running routes stay",
    async (workers) => {
      sim ??= await startSimulator({ models: ["chat-a", "chat-b"], completionTokens: 2 });
      const dir = mkdtempSync(join(tmpdir(), "aiplat-gw-reload-"));
      const teamsFile = join(dir, "teams.json");
      const routes = join(dir, "routes.json");
      // The agents team names chat-a, which no route serves until the routes file appears: a warning, not a refusal.
      writeFileSync(teamsFile, JSON.stringify({ ...teams(), logging: { level: "warn" } }));
      const gw = await startServeProcess([
        "gateway",
        "--config",
        teamsFile,
        "--optional-config",
        routes,
        "--reload-interval",
        "100",
        "--workers",
        String(workers),
        "--port",
        "0",
        "--db",
        join(dir, "usage.db"),
      ]);
      procs.push(gw);
      expect(gw.stderr()).toMatch(/warning:\n {2}GW005 .* at teams\.1\.models\.0: team "agents" allows model "chat-a"/);
      expect(await models(gw)).toEqual([]);

      writeFileSync(routes, JSON.stringify({ models: [{ name: "chat-a", endpoints: [{ url: sim.url }] }] }));
      // Every worker must have it: a run of requests lands on both (the primary hands connections round-robin).
      await until(async () => {
        const r = await Promise.all(
          Array.from({ length: 6 }, () =>
            raw(gw, "/v1/chat/completions", {
              key: KEYS.research,
              body: { model: "chat-a", messages: [{ role: "user", content: "hi" }] },
              headers: { connection: "close" },
            }),
          ),
        );
        return r.every((x) => x.status === 200);
      });
      expect(gw.stderr()).toMatch(/config reloaded \(models added: chat-a; removed: none; 3 team\(s\)\)/);
      await until(() => gw.stderr().match(/models added: chat-a;/g)?.length === workers); // each worker said so

      writeFileSync(routes, JSON.stringify({ models: [{ name: "chat-b", endpoints: [] }] }));
      await until(() => gw.stderr().includes("config change not applied; the running config stays"));
      expect(gw.stderr()).toContain("GW001");
      expect(await models(gw)).toEqual(["chat-a"]);

      writeFileSync(routes, JSON.stringify({ models: [{ name: "chat-b", endpoints: [{ url: sim.url }] }] }));
      await until(async () => (await models(gw)).join() === "chat-b");
      expect(gw.stderr()).toMatch(/models added: chat-b; removed: chat-a; 3 team\(s\)\)\n.*warning:\n {2}GW005/);
    },
  );
});
