#!/usr/bin/env node
// Benchmark of the LLM gateway (issue 8): added latency (through a gateway minus direct to the simulator) at p50 and p99,
// and requests per second, at concurrency 1, 8 and 64, non-streamed and streamed; the same load through Portkey's
// gateway (@portkey-ai/gateway from node_modules) in the same run, and a bare node:http + undici proxy with no features
// (the floor of the HTTP stack ours is built on).
// Loopback only. Every run is bounded in count and in time. Needs `npm run build` first (imports build/).
// Usage: node bench/gateway.mjs [--quick] [--json=FILE] [--workers=N]
// --workers=N runs our gateway as `aiplat serve gateway --workers N` does (N processes on one port); CPU per request
// is then the sum over the primary and its workers.
// Our gateway runs with its defaults: one JSON log line per request (BENCH_LOG_LEVEL=warn turns them off) and usage
// metering into SQLite. On a machine shared with other work, `nice -n -10 node bench/gateway.mjs` (as root) reduces
// the noise; it applies to every process of the run alike.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const role = args.find((a) => a.startsWith("--role="))?.slice(7);

// ---- child roles: the simulator and our gateway each run in a process of their own, like in production ----------
if (role === "simulator") {
  const { startSimulator } = await import(new URL("../build/services/simulator/index.js", import.meta.url).href);
  const sim = await startSimulator({ port: 0, models: ["bench-model"], completionTokens: 16 });
  process.stdout.write(`READY ${sim.port}\n`);
  process.on("SIGTERM", () => sim.close().then(() => process.exit(0)));
} else if (role === "gateway") {
  const { startGateway, resolveGatewayConfig, hashKey } = await import(
    new URL("../build/services/gateway/index.js", import.meta.url).href
  );
  const { createLogger } = await import(new URL("../build/services/gateway/logger.js", import.meta.url).href);
  const upstream = args.find((a) => a.startsWith("--upstream="))?.slice(11);
  const db = args.find((a) => a.startsWith("--db="))?.slice(5);
  const r = resolveGatewayConfig([
    {
      file: "bench",
      data: {
        models: [{ name: "bench-model", endpoints: [{ url: upstream, kind: "vllm" }] }],
        // Limits are set (and so checked on every request) but high enough never to refuse.
        teams: [
          {
            name: "bench",
            keys: [{ id: "bench-1", sha256: hashKey("sk-bench") }],
            requestsPerMinute: 100_000_000,
            tokensPerMinute: 2_000_000_000,
          },
        ],
      },
    },
  ]);
  if (!r.ok) throw new Error(JSON.stringify(r.findings));
  const workers = Number(args.find((a) => a.startsWith("--workers="))?.slice(10) ?? "1");
  if (workers > 1) {
    const { runGatewayWorkers } = await import(new URL("../build/cli/gateway-workers.js", import.meta.url).href);
    const config = { ...r.config, logging: { ...r.config.logging, level: process.env.BENCH_LOG_LEVEL ?? "info" } };
    await runGatewayWorkers(workers, { config, host: "127.0.0.1", port: 0, db: `sqlite:${db}` }, (line) => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
      if (m) process.stdout.write(`READY ${m[1]}\n`);
    });
    process.exit(0);
  }
  const gw = await startGateway({
    config: r.config,
    host: "127.0.0.1",
    port: 0,
    db: `sqlite:${db}`,
    logger: createLogger({ level: process.env.BENCH_LOG_LEVEL ?? "info" }),
  });
  process.stdout.write(`READY ${gw.port}\n`);
  process.on("SIGTERM", () => gw.close().then(() => process.exit(0)));
} else if (role === "bare-proxy") {
  // The floor of any gateway built on node:http and undici: the same server and upstream client as ours, and nothing
  // else (no keys, limits, metering, metrics, logs or tracing). Measured beside ours so the table shows how much of
  // the added latency is the HTTP stack itself.
  const http = await import("node:http");
  const upstream = new Pool(args.find((a) => a.startsWith("--upstream="))?.slice(11), {
    connections: 128,
    pipelining: 1,
  });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const out = [];
      let status = 0;
      let streaming = false;
      upstream.dispatch(
        {
          path: req.url,
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(body.length) },
          body,
        },
        {
          onConnect() {},
          onHeaders(statusCode, rawHeaders) {
            status = statusCode;
            streaming = rawHeaders.some((h) => h.toString("latin1").includes("event-stream"));
            if (streaming) res.writeHead(status, { "content-type": "text/event-stream", "cache-control": "no-cache" });
            return true;
          },
          onData(chunk) {
            if (streaming) res.write(chunk);
            else out.push(chunk);
            return true;
          },
          onComplete() {
            if (streaming) return res.end();
            const b = out.length === 1 ? out[0] : Buffer.concat(out);
            res.writeHead(status, { "content-type": "application/json", "content-length": b.length });
            res.end(b);
          },
          onError(err) {
            if (!res.headersSent) res.writeHead(502);
            res.end(String(err?.message ?? err));
          },
        },
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${server.address().port}\n`));
  process.on("SIGTERM", () => process.exit(0));
} else {
  await main();
}

// ---- the benchmark driver ----------------------------------------------------------------------------------------
function startChild(cmd, argv, readyPattern, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${argv.join(" ")} did not start in 20 s:\n${out}`)), 20_000);
    const onData = (d) => {
      out += d.toString();
      const m = readyPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => {
      out += d.toString();
    });
    child.once("exit", (code) => reject(new Error(`${argv.join(" ")} exited with ${code}:\n${out}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

function freePort() {
  return import("node:net").then(
    ({ createServer }) =>
      new Promise((resolve) => {
        const s = createServer();
        s.listen(0, "127.0.0.1", () => {
          const { port } = s.address();
          s.close(() => resolve(port));
        });
      }),
  );
}

/**
 * CPU time (user + system) a process and its child processes (gateway workers) have used, in ms, from /proc
 * (Linux); undefined elsewhere.
 */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    let ms = (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms (USER_HZ = 100)
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean))
      ms += cpuMs(Number(child)) ?? 0;
    return ms;
  } catch {
    return undefined;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `concurrency` closed-loop workers until `maxRequests` are done or `maxMs` passes; returns latencies in ms. */
async function load(target, { stream, concurrency, maxRequests, maxMs, warmup }) {
  const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const body = JSON.stringify({
    model: "bench-model",
    messages: [{ role: "user", content: "Summarise the GPU pools of the platform in one line." }],
    max_tokens: 16,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    authorization: "Bearer sk-bench",
    ...target.headers,
  };
  let errors = 0;
  const fail = (status, text) => {
    errors++;
    if (errors === 1) process.stderr.write(`${target.name}: HTTP ${status} ${text.slice(0, 200)}\n`);
  };
  // The client shares the cores with the servers it measures, so it is kept cheap: undici's dispatch handler API (no
  // Readable body, no async iterator per request). Every target gets the same client; each response is read whole and
  // checked (status 200, and the end of the stream or a choices array).
  const opts = { path: `${target.basePath}/chat/completions`, method: "POST", headers, body };
  const one = () =>
    new Promise((resolve) => {
      let status = 0;
      const chunks = [];
      pool.dispatch(opts, {
        onConnect() {},
        onHeaders(statusCode) {
          status = statusCode;
          return true;
        },
        onData(chunk) {
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          const text = Buffer.concat(chunks).toString("utf8");
          if (status !== 200 || (stream ? !text.includes("[DONE]") : !text.includes('"choices"'))) fail(status, text);
          resolve();
        },
        onError(err) {
          fail(status, String(err?.message ?? err));
          resolve();
        },
      });
    });
  for (let i = 0; i < warmup; i++) await Promise.all(Array.from({ length: concurrency }, one));
  const lat = [];
  let started = 0;
  const cpu0 = target.pid ? cpuMs(target.pid) : undefined;
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  const worker = async () => {
    while (started < maxRequests && performance.now() < deadline) {
      started++;
      const s = performance.now();
      await one();
      lat.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  const cpu1 = target.pid ? cpuMs(target.pid) : undefined;
  await pool.close();
  lat.sort((a, b) => a - b);
  return {
    n: lat.length,
    errors,
    rps: lat.length / (elapsed / 1000),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    cpuUsPerRequest: cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1000) / lat.length : undefined,
  };
}

async function main() {
  if (!existsSync(join(root, "build/services/gateway/index.js"))) {
    process.stderr.write("bench/gateway.mjs: run `npm run build` first\n");
    process.exit(2);
  }
  const quick = args.includes("--quick");
  const jsonOut = args.find((a) => a.startsWith("--json="))?.slice(7);
  const require = createRequire(import.meta.url);
  let portkeyEntry;
  try {
    portkeyEntry = join(
      require.resolve("@portkey-ai/gateway/package.json", { paths: [root] }),
      "..",
      "build",
      "start-server.js",
    );
  } catch {
    portkeyEntry = undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "aiplat-bench-"));
  const self = fileURLToPath(import.meta.url);
  const children = [];
  try {
    const sim = await startChild(process.execPath, [self, "--role=simulator"], /READY (\d+)/);
    children.push(sim.child);
    const simUrl = `http://127.0.0.1:${sim.port}`;
    const ours = await startChild(
      process.execPath,
      [
        ...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
        self,
        "--role=gateway",
        ...args.filter((a) => a.startsWith("--workers=")),
        `--upstream=${simUrl}`,
        `--db=${join(dir, "usage.db")}`,
      ],
      /READY (\d+)/,
    );
    children.push(ours.child);
    const bare = await startChild(process.execPath, [self, "--role=bare-proxy", `--upstream=${simUrl}`], /READY (\d+)/);
    children.push(bare.child);
    const targets = [
      { name: "direct", origin: simUrl, basePath: "/v1", headers: {}, pid: sim.child.pid },
      { name: "aiplat", origin: `http://127.0.0.1:${ours.port}`, basePath: "/v1", headers: {}, pid: ours.child.pid },
      { name: "bare", origin: `http://127.0.0.1:${bare.port}`, basePath: "/v1", headers: {}, pid: bare.child.pid },
    ];
    if (portkeyEntry && existsSync(portkeyEntry)) {
      const port = await freePort();
      const pk = await startChild(
        process.execPath,
        [portkeyEntry, `--port=${port}`, "--headless"],
        /(?:listening|running|started|Ready)[^\n]*?(\d{4,5})|(\d{4,5})/i,
        { NODE_ENV: "production" },
      ).catch((err) => {
        process.stderr.write(`Portkey did not start: ${err.message}\n`);
        return undefined;
      });
      if (pk) {
        children.push(pk.child);
        targets.push({
          name: "portkey",
          origin: `http://127.0.0.1:${port}`,
          basePath: "/v1",
          headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": `${simUrl}/v1` },
          pid: pk.child.pid,
        });
      }
    } else process.stderr.write("@portkey-ai/gateway is not installed: run `npm install` (it is a devDependency)\n");

    const plan = [
      { concurrency: 1, maxRequests: quick ? 300 : 6000, maxMs: quick ? 2_000 : 9_000, warmup: 50 },
      { concurrency: 8, maxRequests: quick ? 1000 : 12000, maxMs: quick ? 2_000 : 9_000, warmup: 10 },
      { concurrency: 64, maxRequests: quick ? 2000 : 18000, maxMs: quick ? 3_000 : 12_000, warmup: 2 },
    ];
    // Warm every target (JIT, connection pools, prepared statements) before measuring anything.
    for (const t of targets)
      for (const stream of [false, true])
        await load(t, { stream, concurrency: 8, maxRequests: quick ? 500 : 2000, maxMs: 3_000, warmup: 1 });
    // Rounds interleave the targets, so a burst of other work on the machine hits them alike; each figure is the
    // median over the rounds.
    const rounds = quick ? 1 : 3;
    const rows = [];
    for (const stream of [false, true])
      for (const p of plan) {
        const runs = new Map(targets.map((t) => [t.name, []]));
        for (let round = 0; round < rounds; round++)
          for (const t of targets) {
            const r = await load(t, {
              stream,
              ...p,
              maxRequests: Math.ceil(p.maxRequests / rounds),
              maxMs: Math.ceil(p.maxMs / rounds),
            });
            runs.get(t.name).push(r);
          }
        for (const t of targets) {
          const rs = runs.get(t.name);
          const med = (k) => rs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
          const r = {
            n: rs.reduce((a, x) => a + x.n, 0),
            errors: rs.reduce((a, x) => a + x.errors, 0),
            rps: med("rps"),
            p50: med("p50"),
            p99: med("p99"),
            cpuUsPerRequest: med("cpuUsPerRequest"),
          };
          rows.push({ target: t.name, stream, concurrency: p.concurrency, ...r });
          process.stderr.write(
            `  ${t.name.padEnd(8)} stream=${String(stream).padEnd(5)} c=${String(p.concurrency).padEnd(3)} ${r.n} req, ${r.rps.toFixed(0)} req/s\n`,
          );
        }
      }
    print(
      rows,
      targets.map((t) => t.name),
    );
    if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(rows, null, 2)}\n`);
  } finally {
    for (const c of children.reverse()) await stop(c);
  }
}

function print(rows, names) {
  const get = (target, stream, c) =>
    rows.find((r) => r.target === target && r.stream === stream && r.concurrency === c);
  const f = (x, d = 2) => (x === undefined ? "-" : x.toFixed(d));
  const lines = [];
  lines.push(
    "| mode | conc | direct p50/p99 ms | aiplat added p50 / p99 ms | aiplat req/s | aiplat CPU µs/req | bare proxy added p50 / p99 ms | bare proxy req/s | bare proxy CPU µs/req | portkey added p50 / p99 ms | portkey req/s | portkey CPU µs/req | aiplat/portkey req/s |",
  );
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const stream of [false, true])
    for (const c of [1, 8, 64]) {
      const d = get("direct", stream, c);
      const a = get("aiplat", stream, c);
      const p = get("portkey", stream, c);
      const b = get("bare", stream, c);
      const added = (x) =>
        x && x.errors >= x.n
          ? "failed (every request errored)"
          : x && d
            ? `${f(x.p50 - d.p50)} / ${f(x.p99 - d.p99)}`
            : "-";
      lines.push(
        `| ${stream ? "stream" : "non-stream"} | ${c} | ${f(d?.p50)} / ${f(d?.p99)} | ${added(a)} | ${f(a?.rps, 0)} | ${f(a?.cpuUsPerRequest, 0)} | ${added(b)} | ${f(b?.rps, 0)} | ${f(b?.cpuUsPerRequest, 0)} | ${added(p)} | ${p && p.errors >= p.n ? "-" : f(p?.rps, 0)} | ${p && p.errors >= p.n ? "-" : f(p?.cpuUsPerRequest, 0)} | ${a && p && p.errors < p.n ? `${f(a.rps / p.rps, 1)}x` : "-"} |`,
      );
    }
  const errors = rows
    .filter((r) => r.errors > 0)
    .map((r) => `${r.target} stream=${r.stream} c=${r.concurrency}: ${r.errors} errors`);
  const a1 = get("aiplat", false, 1);
  const d1 = get("direct", false, 1);
  const a64 = get("aiplat", false, 64);
  const d64 = get("direct", false, 64);
  const a8 = get("aiplat", false, 8);
  const p8 = get("portkey", false, 8);
  lines.push("");
  lines.push(
    `targets (non-streamed): added p50 at c=1 ${f(a1.p50 - d1.p50, 3)} ms (<= 0.5: ${a1.p50 - d1.p50 <= 0.5 ? "met" : "NOT met"}); ` +
      `added p99 at c=64 ${f(a64.p99 - d64.p99)} ms (<= 5: ${a64.p99 - d64.p99 <= 5 ? "met" : "NOT met"}); ` +
      (p8
        ? `req/s at c=8 ${f(a8.rps / p8.rps, 2)}x Portkey's (>= 3: ${a8.rps / p8.rps >= 3 ? "met" : "NOT met"})`
        : "Portkey not run"),
  );
  const b64 = get("bare", false, 64);
  if (b64)
    lines.push(
      `floor: a bare node:http + undici proxy (nothing but the relay) adds p50 ${f(b64.p50 - d64.p50)} ms and p99 ` +
        `${f(b64.p99 - d64.p99)} ms at c=64 at ${f(b64.cpuUsPerRequest, 0)} µs CPU per request; ours spends ` +
        `${f(a64.cpuUsPerRequest, 0)} µs (${f(a64.cpuUsPerRequest / b64.cpuUsPerRequest, 2)}x)`,
    );
  if (errors.length > 0) lines.push(`errors: ${errors.join("; ")}`);
  lines.push(
    `targets measured: ${names.join(", ")}; aiplat gateway workers: ${args.find((a) => a.startsWith("--workers="))?.slice(10) ?? "1"}; node ${process.version}; loopback; client, simulator and gateways share the ` +
      `machine's cores; load average at the end ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} (other work on the machine shows up as noise, most in the p99 columns)`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}
