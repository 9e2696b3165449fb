#!/usr/bin/env node
// The `aiplat` command: runs the compiled CLI (built by `npm install` through the `prepare` script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../build/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("aiplat: the CLI is not built yet; run `npm run build` (npm install does it for you)\n");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
