import { describe, expect, it } from "vitest";
import { GPU_MODELS } from "../../src/catalog/index.js";
import { countProfiles, fitMigLayout } from "../../src/model/index.js";

const a100 = GPU_MODELS["A100-SXM4-80GB"]!;
const a100small = GPU_MODELS["A100-SXM4-40GB"]!;

describe("fitMigLayout on A100 80GB (layouts from shared/facts)", () => {
  it.each([
    [["3g.40gb", "3g.40gb"]],
    [["4g.40gb", "3g.40gb"]],
    [["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"]],
    [["2g.20gb", "2g.20gb", "2g.20gb", "1g.10gb"]],
    [["1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb"]],
    [["7g.80gb"]],
    [["1g.20gb", "1g.20gb", "1g.20gb", "1g.20gb"]],
  ])("valid: %j", (layout) => {
    const fit = fitMigLayout(a100, layout);
    expect(fit.ok).toBe(true);
    if (fit.ok) {
      // Every placement is an allowed start and no two overlap.
      const used = new Set<number>();
      for (const p of fit.placements) {
        const profile = a100.migProfiles[p.profile]!;
        expect(profile.placements).toContain(p.start);
        for (let s = p.start; s < p.start + profile.memorySlices; s++) {
          expect(used.has(s)).toBe(false);
          used.add(s);
        }
      }
    }
  });

  it.each([
    [["3g.40gb", "3g.40gb", "1g.10gb"], "memory"],
    [["1g.10gb", "1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb"], "compute"],
    [["4g.40gb", "4g.40gb"], "compute"],
    [["7g.80gb", "1g.10gb"], "compute"],
    [["1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb"], "compute"],
  ])("invalid: %j (%s)", (layout, kind) => {
    const fit = fitMigLayout(a100, layout);
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.problems.map((p) => p.kind)).toContain(kind);
  });

  it("rejects a layout that fits the sums but not the placement table", () => {
    // A three-row test GPU: "2g.wide" may only start at slice 0, so two of them collide although 4 + 4 <= 7 and 4 + 4 <= 8.
    const gpu = {
      ...a100,
      name: "TEST",
      migProfiles: {
        "2g.wide": {
          name: "2g.wide",
          computeSlices: 2,
          memorySlices: 4,
          memoryGiB: 40,
          placements: [0],
          maxInstances: 1,
        },
      },
    };
    expect(fitMigLayout(gpu, ["2g.wide"]).ok).toBe(true);
    const fit = fitMigLayout(gpu, ["2g.wide", "2g.wide"]);
    expect(fit).toEqual({ ok: false, problems: [{ kind: "placement" }] });
  });

  it("names an unknown profile with its index and the allowed ones", () => {
    const fit = fitMigLayout(a100small, ["3g.20gb", "3g.40gb"]);
    expect(fit.ok).toBe(false);
    if (!fit.ok)
      expect(fit.problems).toEqual([
        expect.objectContaining({ kind: "unknown-profile", profile: "3g.40gb", index: 1 }),
      ]);
  });

  it("a GPU without MIG fits nothing", () => {
    const fit = fitMigLayout(GPU_MODELS.A10G!, ["1g.10gb"]);
    expect(fit).toEqual({ ok: false, problems: [{ kind: "no-mig", gpu: "A10G" }] });
  });

  it("counts instances per profile", () => {
    expect(countProfiles(a100, ["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"])).toEqual({
      "1g.10gb": 2,
      "2g.20gb": 1,
      "3g.40gb": 1,
    });
  });
});
