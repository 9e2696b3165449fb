import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../../src/", import.meta.url).pathname;

/** Which top-level folders each layer may import (STYLE.md: layers point one way). */
const ALLOWED: Record<string, readonly string[]> = {
  catalog: [],
  spec: [],
  model: ["catalog", "spec"],
  aws: ["catalog", "spec", "model"],
  k8s: ["catalog", "spec", "model"],
  workloads: ["catalog", "spec", "model", "k8s"],
  policy: ["catalog", "spec", "model", "k8s", "workloads"],
  planner: ["catalog", "spec", "model", "workloads"],
  emit: ["catalog", "spec", "model", "k8s"],
  services: ["catalog", "spec", "model", "k8s", "workloads", "policy", "planner", "emit"],
  cli: ["catalog", "spec", "model", "aws", "k8s", "workloads", "policy", "planner", "emit", "services"],
};

/** Node built-ins that do I/O, allowed only at the edges. */
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram)$/;
const IO_LAYERS = new Set(["emit", "cli", "services", "aws"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const imports = (text: string) =>
  [...text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );

describe("layering", () => {
  const all = files(SRC);

  it.each(Object.keys(ALLOWED))("src/%s imports only the layers below it", (layer) => {
    const bad: string[] = [];
    for (const file of all.filter((f) => relative(SRC, f).startsWith(`${layer}/`))) {
      for (const spec of imports(readFileSync(file, "utf8"))) {
        if (!spec.startsWith(".")) continue;
        const target = relative(SRC, join(file, "..", spec)).split("/")[0]!;
        if (target !== layer && !ALLOWED[layer]!.includes(target)) bad.push(`${relative(SRC, file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("file system, network and processes only at the edges", () => {
    const bad: string[] = [];
    for (const file of all) {
      const layer = relative(SRC, file).split("/")[0]!;
      if (IO_LAYERS.has(layer)) continue;
      for (const spec of imports(readFileSync(file, "utf8")))
        if (IO_MODULES.test(spec)) bad.push(`${relative(SRC, file)} -> ${spec}`);
    }
    expect(bad).toEqual([]);
  });
});
