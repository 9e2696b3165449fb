/** Expands the files, folders and `-` a command is given into readable inputs (YAML and JSON files, sorted). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./errors.js";

/** One input: its name in findings, and its text. */
export interface InputFile {
  readonly name: string;
  readonly text: string;
}

const MANIFEST = /\.(ya?ml|json)$/;

/**
 * Reads every input: a file as is, a folder's `*.yaml|*.yml|*.json` files (sorted; with `recursive`, its subfolders
 * too), `-` standard input. An unreadable path is a UsageError (exit 2).
 */
export function readInputs(paths: readonly string[], recursive: boolean): InputFile[] {
  const out: InputFile[] = [];
  for (const p of paths) {
    if (p === "-") {
      out.push({ name: "<stdin>", text: readFileSync(0, "utf8") });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      throw new UsageError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    for (const f of isDir ? listFiles(p, recursive) : [p]) {
      try {
        out.push({ name: f, text: readFileSync(f, "utf8") });
      } catch (err) {
        throw new UsageError(`cannot read ${f}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    }
  }
  return out;
}

/** The files `paths` name (folders expanded), with their sizes, without reading them; unreadable paths throw. */
export function listInputs(paths: readonly string[], recursive: boolean): { path: string; bytes: number }[] {
  return paths.flatMap((p) => {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      throw new UsageError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return (isDir ? listFiles(p, recursive) : [p]).map((path) => ({ path, bytes: statSync(path).size }));
  });
}

function listFiles(dir: string, recursive: boolean): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return recursive ? listFiles(path, true) : [];
    return e.isFile() && MANIFEST.test(e.name) ? [path] : [];
  });
}
