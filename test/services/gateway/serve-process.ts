/**
 * `aiplat serve gateway` as a child process, from the compiled command (build/, made by `npm run build`, which
 * `npm test` runs first). Tests using it skip with a notice when build/ is missing.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { teams } from "./helpers.js";

const serveJs = fileURLToPath(new URL("../../../build/cli/commands/serve.js", import.meta.url));

/** Whether build/ has the serve command. */
export const serveBuilt = existsSync(serveJs);

/** A started gateway process, its URL and what it printed on stderr so far. */
export interface ServeProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly url: string;
  stderr(): string;
}

/** Runs `aiplat serve <args>` (only the serve command is loaded) and resolves once it listens. */
export async function startServeProcess(args: readonly string[]): Promise<ServeProcess> {
  const script = `const { Command } = await import("commander"); const { registerServe } = await import(${JSON.stringify(serveJs)});
      const p = new Command(); registerServe(p); await p.parseAsync(process.argv.slice(1), { from: "user" });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, "serve", ...args], {
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`gateway did not start:\n${err}`)), 15_000);
    child.stderr.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`gateway exited with ${code}:\n${err}`));
    });
  });
  return { child, url, stderr: () => err };
}

/**
 * Writes a gateway config (one route, `model`, to `upstream`; the helpers' teams; warn-level logs; `extra` merged on
 * top) into a fresh temporary folder; returns its path and a usage database path beside it.
 */
export function writeGatewayConfig(
  prefix: string,
  model: string,
  upstream: string,
  extra: Record<string, unknown> = {},
): { cfg: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cfg = join(dir, "gateway.json");
  writeFileSync(
    cfg,
    JSON.stringify({
      models: [{ name: model, endpoints: [{ url: upstream }] }],
      logging: { level: "warn" },
      ...teams(),
      ...extra,
    }),
  );
  return { cfg, db: join(dir, "usage.db") };
}
