/**
 * Reloading routes, teams and keys in a running gateway (what `aiplat serve gateway` does when its config files
 * change), and the watcher that notices the change.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { describeChange } from "../../../src/cli/gateway-reload.js";
import { ConfigWatcher, loadConfigSources } from "../../../src/services/gateway/config-watch.js";
import { hashKey } from "../../../src/services/gateway/index.js";
import type { Gateway } from "../../../src/services/gateway/server.js";
import { type Simulator, startSimulator } from "../../../src/services/simulator/index.js";
import { client, config, gateway, KEYS, raw, teams } from "./helpers.js";

/** The helpers' teams, the agents team allowed every model. */
const anyModel = teams({ agentsModels: ["*"] });

const ask = (gw: Gateway, model: string, key: string = KEYS.research) =>
  raw(gw, "/v1/chat/completions", { key, body: { model, messages: [{ role: "user", content: "hi" }] } });

describe("Gateway.reload", () => {
  const sims: Simulator[] = [];
  const gws: Gateway[] = [];
  afterAll(async () => {
    for (const s of sims) await s.close();
  });
  afterEach(async () => {
    for (const g of gws.splice(0)) await g.close();
  });
  const sim = async (opts: Parameters<typeof startSimulator>[0]) => {
    const s = await startSimulator(opts);
    sims.push(s);
    return s;
  };

  it("adds and removes models at once, keeping the endpoints (and their health) whose settings did not change", async () => {
    const a = await sim({ models: ["chat-a"], completionTokens: 2 });
    const b = await sim({ models: ["chat-b"], completionTokens: 2 });
    const first = config({ models: [{ name: "chat-a", endpoints: [{ url: a.url }] }], ...anyModel });
    const gw = await gateway(first);
    gws.push(gw);
    expect((await ask(gw, "chat-a")).status).toBe(200);
    const kept = gw.router.routes.get("chat-a")!.endpoints[0]!;
    kept.consecutiveFailures = 7; // live state a reload must not reset

    const r = gw.reload(
      config({
        models: [
          { name: "chat-a", endpoints: [{ url: a.url }] },
          { name: "chat-b", endpoints: [{ url: b.url }] },
        ],
        ...anyModel,
      }),
    );
    expect(r).toEqual({ modelsAdded: ["chat-b"], modelsRemoved: [], teams: 3, restartNeeded: [] });
    expect(gw.router.routes.get("chat-a")!.endpoints[0]).toBe(kept);
    expect(kept.consecutiveFailures).toBe(7);
    expect((await client(gw).models.list()).data.map((m) => m.id)).toEqual(["chat-a", "chat-b"]);
    expect((await ask(gw, "chat-b")).status).toBe(200);

    const r2 = gw.reload(config({ models: [{ name: "chat-b", endpoints: [{ url: b.url }] }], ...anyModel }));
    expect(r2.modelsRemoved).toEqual(["chat-a"]);
    const gone = await ask(gw, "chat-a");
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("model_not_found");
    expect(kept.pool.closed).toBe(true);
    // The metrics follow: the removed endpoint's series are gone, the new one's are there.
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toContain(`aiplat_gateway_endpoint_healthy{model="chat-b",endpoint="${b.url}"} 1`);
    expect(metrics).not.toContain('model="chat-a",endpoint=');
  });

  it("lets a request in flight on a removed model finish", async () => {
    const slow = await sim({ models: ["chat-a"], completionTokens: 2, ttftMs: 300 });
    const gw = await gateway(config({ models: [{ name: "chat-a", endpoints: [{ url: slow.url }] }], ...anyModel }));
    gws.push(gw);
    const pending = ask(gw, "chat-a");
    await new Promise((r) => setTimeout(r, 100));
    gw.reload(config({ models: [], ...anyModel }));
    const done = await pending;
    expect(done.status).toBe(200);
    expect(done.json.choices[0].message.content).toBeTruthy();
  });

  it("applies new teams and keys, forgets removed keys, and names the settings that wait for a restart", async () => {
    const a = await sim({ models: ["chat-a"], completionTokens: 2 });
    const models = [{ name: "chat-a", endpoints: [{ url: a.url }] }];
    const gw = await gateway(config({ models, ...anyModel }));
    gws.push(gw);
    expect((await ask(gw, "chat-a", KEYS.agents)).status).toBe(200);
    const newKey = "sk-test-newteam";
    const r = gw.reload(
      config({
        models,
        teams: [{ name: "newteam", keys: [{ id: "new-1", sha256: hashKey(newKey) }] }],
        timeouts: { totalMs: 1234 },
        limits: { maxBodyBytes: 2048 },
      }),
    );
    expect(r.teams).toBe(1);
    expect(r.restartNeeded.sort()).toEqual(["maxBodyBytes", "timeouts"]);
    expect((await ask(gw, "chat-a", newKey)).status).toBe(200);
    // A key remembered as valid before the reload is not honoured after it.
    expect((await ask(gw, "chat-a", KEYS.agents)).status).toBe(401);
  });
});

describe("a reload after a key rotation", () => {
  it("makes the endpoint whose key changed anew, with the new key, and keeps the others", async () => {
    const a = await startSimulator({ models: ["chat-a"], completionTokens: 2 });
    const dir = mkdtempSync(join(tmpdir(), "aiplat-rotate-"));
    const key = join(dir, "key");
    writeFileSync(key, "sk-old\n");
    const cfg = () =>
      config({
        models: [
          { name: "chat-a", endpoints: [{ url: a.url }] },
          { name: "ext", endpoints: [{ url: a.url, kind: "openai-compatible", apiKeyFile: key, model: "chat-a" }] },
        ],
        ...anyModel,
      });
    const gw = await gateway(cfg());
    try {
      const plain = gw.router.routes.get("chat-a")!.endpoints[0]!;
      const old = gw.router.routes.get("ext")!.endpoints[0]!;
      expect(old.authorization).toBe("Bearer sk-old");
      writeFileSync(key, "sk-new\n");
      gw.reload(cfg());
      const fresh = gw.router.routes.get("ext")!.endpoints[0]!;
      expect(fresh).not.toBe(old);
      expect(fresh.authorization).toBe("Bearer sk-new");
      expect(old.pool.closed).toBe(true);
      expect(gw.router.routes.get("chat-a")!.endpoints[0]).toBe(plain);
      expect((await ask(gw, "ext")).status).toBe(200);
    } finally {
      await gw.close();
      await a.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a reload that cannot be applied", () => {
  it("changes nothing when an endpoint's apiKeyFile cannot be read, and says so", async () => {
    const a = await startSimulator({ models: ["chat-a"], completionTokens: 2 });
    const gw = await gateway(config({ models: [{ name: "chat-a", endpoints: [{ url: a.url }] }], ...anyModel }));
    try {
      const broken = config({
        models: [
          { name: "chat-b", endpoints: [{ url: a.url }] },
          {
            name: "ext",
            endpoints: [
              { url: "https://api.example.com/v1", kind: "openai-compatible", apiKeyFile: "/nonexistent/key" },
            ],
          },
        ],
        ...anyModel,
      });
      expect(() => gw.reload(broken)).toThrow(/nonexistent/);
      expect([...gw.router.routes.keys()]).toEqual(["chat-a"]);
      expect((await ask(gw, "chat-a")).status).toBe(200);
      expect(describeChange({ ok: true, config: broken, warnings: [] }, gw)).toMatch(
        /^aiplat gateway: config change not applied; the running config stays: .*nonexistent/,
      );
    } finally {
      await gw.close();
      await a.close();
    }
  });
});

describe("ConfigWatcher", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), "aiplat-watch-"));
    dirs.push(d);
    return d;
  };
  const route = (model: string) => JSON.stringify({ models: [{ name: model, endpoints: [{ url: "http://x:1" }] }] });

  it("reports nothing until a file changes, then the reloaded config, or the findings when it does not pass", () => {
    const dir = folder();
    const file = join(dir, "gateway.json");
    writeFileSync(file, route("m1"));
    const w = new ConfigWatcher({ files: [file] });
    expect(w.check()).toBeUndefined();
    writeFileSync(file, `${route("m2")}\n`);
    const change = w.check();
    expect(change?.ok && change.config.models.map((m) => m.name)).toEqual(["m2"]);
    expect(w.check()).toBeUndefined();
    writeFileSync(file, JSON.stringify({ models: [{ name: "m3", endpoints: [] }] }));
    const bad = w.check();
    expect(bad?.ok).toBe(false);
    if (bad && !bad.ok) expect(bad.findings[0]).toMatchObject({ code: "GW001", file, path: "models.0.endpoints" });
  });

  it("sees an optional file appear and go away, and a kubelet-style swap (rename over the file)", () => {
    const dir = folder();
    const teamsFile = join(dir, "teams.json");
    const routes = join(dir, "routes.json");
    writeFileSync(teamsFile, JSON.stringify(anyModel));
    const w = new ConfigWatcher({ files: [teamsFile], optionalFiles: [routes] });
    expect(w.check()).toBeUndefined();
    writeFileSync(routes, route("m1"));
    const appeared = w.check();
    expect(appeared?.ok && appeared.config.models.map((m) => m.name)).toEqual(["m1"]);
    const staged = join(dir, "routes.json.tmp");
    writeFileSync(staged, route("m1"));
    renameSync(staged, routes); // same content, new inode: loaded again, same models
    const swapped = w.check();
    expect(swapped?.ok && swapped.config.models.map((m) => m.name)).toEqual(["m1"]);
    rmSync(routes);
    const removed = w.check();
    expect(removed?.ok && removed.config.models).toEqual([]);
  });

  it("accepts, with a GW005 warning, a routes change that leaves a team naming a model no longer routed", () => {
    const dir = folder();
    const teamsFile = join(dir, "teams.json");
    const routes = join(dir, "routes.json");
    writeFileSync(teamsFile, JSON.stringify(teams())); // agents may use chat-a only
    writeFileSync(routes, route("chat-a"));
    const w = new ConfigWatcher({ files: [teamsFile, routes] });
    writeFileSync(routes, route("chat-b"));
    const change = w.check();
    expect(change?.ok).toBe(true);
    if (change?.ok) {
      expect(change.config.models.map((m) => m.name)).toEqual(["chat-b"]);
      expect(change.warnings.map((f) => f.code)).toEqual(["GW005"]);
    }
  });

  it("follows the key files of the config in use: a rotated key reloads, also for a watcher handed the signature", () => {
    const dir = folder();
    const file = join(dir, "gateway.json");
    const key = join(dir, "openai-key");
    writeFileSync(key, "sk-old");
    writeFileSync(
      file,
      JSON.stringify({
        models: [
          {
            name: "ext",
            endpoints: [{ url: "https://api.example.com/v1", kind: "openai-compatible", apiKeyFile: key }],
          },
        ],
      }),
    );
    const primary = new ConfigWatcher({ files: [file] });
    const loaded = primary.check() ?? loadConfigSources(primary.sources);
    if (!loaded.ok) throw new Error("config");
    primary.follow(loaded.config);
    expect(primary.check()).toBeUndefined();
    const handed = primary.lastSignature;
    const staged = join(dir, "openai-key.new");
    writeFileSync(staged, "sk-rotated");
    renameSync(staged, key);
    expect(primary.check()?.ok).toBe(true);
    expect(primary.check()).toBeUndefined();
    const worker = new ConfigWatcher({ files: [file] }, handed);
    worker.follow(loaded.config);
    expect(worker.check()?.ok).toBe(true);
  });

  it("starts from a signature it is given, so a process handed a config elsewhere applies a later change", () => {
    const dir = folder();
    const file = join(dir, "gateway.json");
    writeFileSync(file, route("m1"));
    const primary = new ConfigWatcher({ files: [file] });
    writeFileSync(file, `${route("m2")}\n`);
    const worker = new ConfigWatcher({ files: [file] }, primary.lastSignature);
    const change = worker.check();
    expect(change?.ok && change.config.models.map((m) => m.name)).toEqual(["m2"]);
  });
});
