/**
 * `aiplat serve gateway` runs the LLM gateway; `aiplat serve simulator` runs the OpenAI-compatible upstream simulator;
 * `aiplat serve hash-key` prints the SHA-256 a config stores for an API key.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { formatFindings, reloadOnChange, warningLines } from "../gateway-reload.js";
import type { RegisterCommand } from "./index.js";

// The services pull in undici, pino, prom-client, SQLite, PostgreSQL and Redis clients: load them only when a
// serve command runs, so every other command starts fast.
const gateway = () => import("../../services/gateway/index.js");
const simulator = () => import("../../services/simulator/index.js");
const configWatch = () => import("../../services/gateway/config-watch.js");

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer, got "${v}"`);
  return n;
};

/** Resolves when SIGTERM or SIGINT arrives. */
const signalled = () =>
  new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });

/** Registers `aiplat serve gateway|simulator|hash-key`. */
export const registerServe: RegisterCommand = (program: Command) => {
  const serve = program
    .command("serve")
    .description("run the platform's services (the LLM gateway, the upstream simulator)");

  serve
    .command("gateway")
    .description("run the OpenAI-compatible LLM gateway (routing, team keys and limits, usage metering, prompts)")
    .requiredOption("-c, --config <file...>", "config file(s), YAML or JSON; several merge (e.g. routes and teams)")
    .option(
      "--optional-config <file...>",
      "config file(s) merged when present, skipped when missing (e.g. a ConfigMap mounted as optional)",
    )
    .option("-p, --port <n>", "port (default: config listen.port, else 8080)", int("--port"))
    .option("--host <addr>", "interface to listen on (default: config listen.host, else 127.0.0.1)")
    .option("--db <url>", "usage and prompt store: sqlite:PATH or postgres://...", "sqlite:aiplat-gateway.db")
    .option("--redis <url>", "share team limits across replicas through this Redis (redis://host:port)")
    .option(
      "--reload-interval <ms>",
      "check the config files for changes this often and apply new routes, teams and keys without a restart; 0: never",
      int("--reload-interval"),
      2000,
    )
    .option(
      "--workers <n>",
      "gateway processes sharing the port, e.g. one per core; each has its own limits unless --redis",
      int("--workers"),
      1,
    )
    .addHelpText(
      "after",
      `
Examples:
  $ aiplat serve gateway --config examples/gateway/gateway.yaml
  $ aiplat serve gateway -c routes.json teams.yaml --db postgres://aiplat:aiplat@127.0.0.1:5432/aiplat --redis redis://127.0.0.1:6379
  $ aiplat serve gateway --config examples/gateway/gateway.yaml --workers 2    # both cores of a 2-core host
SIGTERM or SIGINT stops it gracefully: in-flight requests finish and every usage record is written.
Routes, teams and keys reload when the config files change (a ConfigMap update included, and an optional file that
appears); a change that does not pass the checks is reported and the running config stays. Other settings (listen,
timeouts, routing, logging) apply at the next start.`,
    )
    .action(
      async (opts: {
        config: string[];
        optionalConfig?: string[];
        port?: number;
        host?: string;
        db: string;
        redis?: string;
        workers: number;
        reloadInterval: number;
      }) => {
        if (opts.workers < 1) throw new UsageError(`--workers must be at least 1, got ${opts.workers}`);
        const { startGateway } = await gateway();
        const { ConfigWatcher, loadConfigSources } = await configWatch();
        const sources = { files: opts.config, optionalFiles: opts.optionalConfig ?? [] };
        const watcher = new ConfigWatcher(sources);
        for (const f of sources.optionalFiles)
          if (!existsSync(f)) process.stderr.write(`aiplat gateway: optional config ${f} is absent; skipped\n`);
        const loaded = loadConfigSources(sources);
        if (!loaded.ok) throw new UsageError(`invalid gateway config:\n${formatFindings(loaded.findings)}`);
        watcher.follow(loaded.config);
        const warned = warningLines(loaded.warnings);
        if (warned) process.stderr.write(`${warned.slice(1)}\n`);
        const reload = { sources, intervalMs: opts.reloadInterval, signature: watcher.lastSignature };
        const start = {
          config: loaded.config,
          host: opts.host,
          port: opts.port,
          db: opts.db,
          redis: opts.redis,
          reload,
        };
        if (opts.workers > 1) {
          const { runGatewayWorkers } = await import("../gateway-workers.js");
          const code = await runGatewayWorkers(opts.workers, start, (line) => process.stderr.write(`${line}\n`));
          if (code !== 0) process.exitCode = code;
          return;
        }
        const gw = await startGateway(start);
        process.stderr.write(`aiplat gateway listening on ${gw.url} (OpenAI base URL ${gw.url}/v1)\n`);
        const stopReload = reloadOnChange(gw, watcher, opts.reloadInterval, (line) =>
          process.stderr.write(`${line}\n`),
        );
        await signalled();
        stopReload();
        await gw.close();
      },
    );

  serve
    .command("simulator")
    .description("run an OpenAI-compatible LLM upstream simulator (streaming, latency, queue, vLLM metrics, failures)")
    .option("-p, --port <n>", "port", int("--port"), 8001)
    .option("--host <addr>", "interface to listen on", "127.0.0.1")
    .option("--model <name...>", "model name(s) served", ["sim-model"])
    .option("--ttft-ms <n>", "time to first token, ms", int("--ttft-ms"), 0)
    .option("--itl-ms <n>", "inter-token latency, ms", int("--itl-ms"), 0)
    .option("--completion-tokens <n>", "tokens per completion when max_tokens is unset", int("--completion-tokens"), 16)
    .option("--max-running <n>", "requests served at once; the rest queue", int("--max-running"), 256)
    .option("--fail-rate <p>", "probability (0..1) that a request gets a 500", (v: string) => Number(v))
    .action(
      async (opts: {
        port: number;
        host: string;
        model: string[];
        ttftMs: number;
        itlMs: number;
        completionTokens: number;
        maxRunning: number;
        failRate?: number;
      }) => {
        const { startSimulator } = await simulator();
        const sim = await startSimulator({
          host: opts.host,
          port: opts.port,
          models: opts.model,
          ttftMs: opts.ttftMs,
          itlMs: opts.itlMs,
          completionTokens: opts.completionTokens,
          maxRunning: opts.maxRunning,
          failure: opts.failRate ? { mode: "status", status: 500, rate: opts.failRate } : undefined,
        });
        process.stderr.write(`aiplat simulator serving ${opts.model.join(", ")} on ${sim.url}\n`);
        await signalled();
        await sim.close();
      },
    );

  serve
    .command("hash-key")
    .description("print the SHA-256 of an API key, as a gateway config stores it (reads the key from stdin if omitted)")
    .argument("[key]", "the API key")
    .action(async (key?: string) => {
      let k = key;
      if (k === undefined) {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        k = Buffer.concat(chunks).toString("utf8").trim();
      }
      if (!k) throw new UsageError("no key given");
      const { hashKey } = await gateway();
      process.stdout.write(`${hashKey(k)}\n`);
    });
};
