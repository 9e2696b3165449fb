#!/usr/bin/env node
/**
 * Entry for the AWS CDK CLI (`cdk.json`: `node build/aws/cdk-app.js`), so CDK users can `npx cdk synth`,
 * `cdk diff` and `cdk deploy` the platform's stack. Reads `platform.yaml` from the working directory when present,
 * else the built-in default. This file is an edge: it reads a file and writes to stderr.
 */
import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_PLATFORM_YAML, loadPlatform } from "../model/index.js";
import { buildAwsApp } from "./app.js";

const FILE = "platform.yaml";
const text = existsSync(FILE) ? readFileSync(FILE, "utf8") : DEFAULT_PLATFORM_YAML;
const { model, findings } = loadPlatform(text, FILE);
for (const f of findings) {
  process.stderr.write(
    `${f.file ?? FILE}:${f.line ?? 0}:${f.column ?? 0} ${f.severity} ${f.code} ${f.path}: ${f.message}\n`,
  );
}
if (model === undefined) {
  process.exitCode = 2;
} else {
  // The CDK CLI sets CDK_OUTDIR and passes cdk.json's context; the App reads both.
  buildAwsApp(model).app.synth();
}
