/** Reads the platform spec a command works on: `-f FILE`, else `./platform.yaml`, else the built-in default. */
import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_PLATFORM_YAML, type LoadedPlatform, loadPlatform, type PlatformModel } from "../model/index.js";
import { hasErrors } from "../spec/index.js";
import { UsageError } from "./errors.js";
import { printFindings } from "./print-findings.js";

/** A loaded platform and where its spec came from. */
export interface PlatformInput extends LoadedPlatform {
  /** The file read, or `built-in default`. */
  readonly origin: string;
}

/** Loads the platform from `file`, `./platform.yaml` or the built-in default (the seed's architecture). */
export function readPlatform(file: string | undefined): PlatformInput {
  const path = file ?? (existsSync("platform.yaml") ? "platform.yaml" : undefined);
  if (path === undefined)
    return {
      ...loadPlatform(DEFAULT_PLATFORM_YAML, "built-in default"),
      origin: "built-in default (the seed's architecture)",
    };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return { ...loadPlatform(text, path), origin: path };
}

/**
 * The platform the command works on, or undefined after printing its findings and setting exit code 2 (for
 * commands that need a valid platform before they read anything else).
 */
export function platformOrExit(
  file: string | undefined,
): (PlatformInput & { readonly model: PlatformModel }) | undefined {
  const platform = readPlatform(file);
  if (hasErrors(platform.findings) || platform.model === undefined) {
    printFindings(platform.findings);
    process.exitCode = 2;
    return undefined;
  }
  return { ...platform, model: platform.model };
}
