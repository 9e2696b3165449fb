/**
 * Every MIG layout a GPU model allows, checked against NVIDIA's placement rules by the model's own `fitMigLayout`.
 * Only maximal layouts are kept (no profile instance could be added): a sub-layout never serves a mix better.
 */
import type { GpuModel } from "../catalog/index.js";
import { fitMigLayout } from "../model/index.js";

/** One valid layout: instances per profile on one GPU. */
export interface MigLayoutOption {
  /** Profile names, one per instance, largest first. */
  readonly layout: readonly string[];
  /** Instances per profile. */
  readonly counts: Readonly<Record<string, number>>;
}

/** All maximal valid layouts of `gpu`, in a stable order. */
export function maximalMigLayouts(gpu: GpuModel): MigLayoutOption[] {
  const profiles = Object.values(gpu.migProfiles).sort(
    (a, b) => b.memorySlices - a.memorySlices || b.computeSlices - a.computeSlices,
  );
  const valid: string[][] = [];
  const extend = (start: number, current: string[]) => {
    for (let i = start; i < profiles.length; i++) {
      const next = [...current, profiles[i]!.name];
      if (!fitMigLayout(gpu, next).ok) continue;
      valid.push(next);
      extend(i, next);
    }
  };
  extend(0, []);
  const fits = (layout: readonly string[]) => fitMigLayout(gpu, layout).ok;
  const maximal = valid.filter((layout) => profiles.every((p) => !fits([...layout, p.name])));
  return maximal.map((layout) => ({ layout, counts: tally(layout) }));
}

function tally(layout: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of layout) counts[p] = (counts[p] ?? 0) + 1;
  return counts;
}
