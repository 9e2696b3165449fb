import { describe, expect, it } from "vitest";
import { DEFAULT_PLATFORM_YAML, loadPlatform } from "../../src/model/index.js";
import { INIT_TEMPLATE } from "../../src/spec/index.js";

describe("aiplat init template", () => {
  it("loads without findings", () => {
    expect(loadPlatform(INIT_TEMPLATE).findings).toEqual([]);
  });

  it("is exactly the default platform, so every value it shows is the real default", () => {
    expect(loadPlatform(INIT_TEMPLATE).model).toEqual(loadPlatform(DEFAULT_PLATFORM_YAML).model);
  });

  it("is commented for a human", () => {
    expect(INIT_TEMPLATE.split("\n").filter((l) => l.includes("#")).length).toBeGreaterThan(30);
  });
});
