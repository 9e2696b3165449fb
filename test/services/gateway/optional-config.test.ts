/**
 * `aiplat serve gateway --optional-config`: the in-cluster Deployment passes the routes ConfigMap this way, since
 * `aiplat render` may not have written it yet. Present files merge like `--config`; absent ones are skipped, said so.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client, teams } from "./helpers.js";
import { type ServeProcess, serveBuilt, startServeProcess } from "./serve-process.js";

if (!serveBuilt)
  console.warn("[gateway tests] SKIPPED the --optional-config test: build/ is missing; run `npm run build` first.");

describe.skipIf(!serveBuilt)("aiplat serve gateway --optional-config", () => {
  let sim: Simulator | undefined;
  let gw: ServeProcess | undefined;
  afterAll(async () => {
    gw?.child.kill("SIGTERM");
    await sim?.close();
  });

  it("merges the optional files that exist and skips, with a notice, the ones that do not", async () => {
    sim = await startSimulator({ models: ["chat-a"], completionTokens: 2 });
    const dir = mkdtempSync(join(tmpdir(), "aiplat-gw-optional-"));
    const teamsFile = join(dir, "teams.json");
    const routes = join(dir, "routes.json");
    const missing = join(dir, "absent", "routes.json");
    writeFileSync(teamsFile, JSON.stringify({ ...teams(), logging: { level: "warn" } }));
    writeFileSync(routes, JSON.stringify({ models: [{ name: "chat-a", endpoints: [{ url: sim.url }] }] }));
    gw = await startServeProcess([
      "gateway",
      "--config",
      teamsFile,
      "--optional-config",
      missing,
      routes,
      "--port",
      "0",
      "--db",
      ":memory:",
    ]);
    expect(gw.stderr()).toContain(`optional config ${missing} is absent; skipped`);
    const models = await client(gw).models.list();
    expect(models.data.map((m) => m.id)).toEqual(["chat-a"]);
    const r = await client(gw).chat.completions.create({ model: "chat-a", messages: [{ role: "user", content: "x" }] });
    expect(r.choices[0]?.message.content).toBeTruthy();
  });
});
