/**
 * Atomic output: a run writes everything into a staging folder beside the target and swaps it in only when all of
 * it was written, so a failing run leaves the previous output untouched.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Builds a folder at `target` through `build(stagingDir)`; on any failure the staging folder is removed. */
export async function replaceDirAtomically(
  target: string,
  build: (stagingDir: string) => Promise<void>,
): Promise<void> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${Date.now()}`;
  const staging = `${target}.tmp-${suffix}`;
  const old = `${target}.old-${suffix}`;
  try {
    await mkdir(staging, { recursive: true });
    await build(staging);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      await rm(staging, { recursive: true, force: true });
      throw err;
    }
  }
  await rename(staging, target);
  if (moved) await rm(old, { recursive: true, force: true });
}

/** Writes `files` (relative path -> content) under `dir`, creating folders. */
export async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}
