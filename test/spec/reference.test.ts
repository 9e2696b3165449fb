import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { specFields, specReferenceMarkdown } from "../../src/spec/index.js";

describe("spec field reference", () => {
  it("documents every leaf field with a description", () => {
    const fields = specFields();
    const undocumented = fields.filter(
      (f) => f.description === "" && !["object"].includes(f.type) && !["apiVersion", "kind"].includes(f.path),
    );
    expect(undocumented.map((f) => f.path)).toEqual([]);
    expect(fields.map((f) => f.path)).toContain("spec.nodePools.<name>.gpuSharing.mig.layout");
  });

  it("README.md embeds the current reference (run `npm run docs` to refresh it)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(specReferenceMarkdown());
  });
});
