/** Reads the platform spec a command works on: `-f FILE`, else `./platform.yaml`, else the built-in default. */
import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_PLATFORM_YAML, type LoadedPlatform, loadPlatform } from "../model/index.js";
import { UsageError } from "./errors.js";

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
