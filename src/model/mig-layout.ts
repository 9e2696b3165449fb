/**
 * MIG layout fitting: does a set of MIG profile instances fit on one GPU, honouring NVIDIA's placement rules?
 * A layout fits when every instance gets a start position from its profile's placement table, no two instances
 * share a memory slice, and the compute slices add up to at most the GPU's (7). Checking sums alone is not enough:
 * `3g.40gb x2 + 1g.10gb` fits in compute (7) but not in memory placement.
 */
import type { GpuModel, MigProfile } from "../catalog/index.js";

/** Why a MIG layout does not fit one GPU. */
export type MigLayoutProblem =
  | { readonly kind: "no-mig"; readonly gpu: string }
  | {
      readonly kind: "unknown-profile";
      readonly profile: string;
      readonly index: number;
      readonly allowed: readonly string[];
    }
  | { readonly kind: "compute"; readonly used: number; readonly available: number }
  | { readonly kind: "memory"; readonly used: number; readonly available: number }
  | { readonly kind: "placement" }
  | { readonly kind: "empty" };

/** One instance of a fitted layout: its profile and its start memory slice. */
export interface MigPlacement {
  readonly profile: string;
  readonly start: number;
}

/** Result of fitting a layout onto one GPU. */
export type MigFit =
  | { readonly ok: true; readonly placements: readonly MigPlacement[] }
  | { readonly ok: false; readonly problems: readonly MigLayoutProblem[] };

/** Fits `layout` (one profile name per instance) onto one GPU of model `gpu`. */
export function fitMigLayout(gpu: GpuModel, layout: readonly string[]): MigFit {
  if (gpu.migComputeSlices === 0) return { ok: false, problems: [{ kind: "no-mig", gpu: gpu.name }] };
  if (layout.length === 0) return { ok: false, problems: [{ kind: "empty" }] };
  const problems: MigLayoutProblem[] = [];
  const profiles: MigProfile[] = [];
  layout.forEach((name, index) => {
    const p = gpu.migProfiles[name];
    if (p === undefined)
      problems.push({ kind: "unknown-profile", profile: name, index, allowed: Object.keys(gpu.migProfiles) });
    else profiles.push(p);
  });
  if (problems.length > 0) return { ok: false, problems };
  const compute = profiles.reduce((n, p) => n + p.computeSlices, 0);
  const memory = profiles.reduce((n, p) => n + p.memorySlices, 0);
  if (compute > gpu.migComputeSlices)
    problems.push({ kind: "compute", used: compute, available: gpu.migComputeSlices });
  if (memory > gpu.migMemorySlices) problems.push({ kind: "memory", used: memory, available: gpu.migMemorySlices });
  if (problems.length > 0) return { ok: false, problems };
  const placements = place(profiles, gpu.migMemorySlices);
  return placements === undefined ? { ok: false, problems: [{ kind: "placement" }] } : { ok: true, placements };
}

/** Backtracking search over start positions, largest instances first (at most 7 instances: tiny search). */
function place(profiles: readonly MigProfile[], memorySlices: number): MigPlacement[] | undefined {
  const order = [...profiles].sort((a, b) => b.memorySlices - a.memorySlices || a.name.localeCompare(b.name));
  const used = new Array<boolean>(memorySlices).fill(false);
  const chosen: MigPlacement[] = [];
  const free = (start: number, size: number) => {
    for (let s = start; s < start + size; s++) if (s >= memorySlices || used[s]) return false;
    return true;
  };
  const mark = (start: number, size: number, value: boolean) => {
    for (let s = start; s < start + size; s++) used[s] = value;
  };
  const go = (i: number): boolean => {
    const p = order[i];
    if (p === undefined) return true;
    for (const start of p.placements) {
      if (!free(start, p.memorySlices)) continue;
      mark(start, p.memorySlices, true);
      chosen.push({ profile: p.name, start });
      if (go(i + 1)) return true;
      chosen.pop();
      mark(start, p.memorySlices, false);
    }
    return false;
  };
  return go(0) ? [...chosen].sort((a, b) => a.start - b.start) : undefined;
}

/** Counts instances per profile in a layout, largest profile first. */
export function countProfiles(gpu: GpuModel, layout: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const largestFirst = Object.values(gpu.migProfiles)
    .sort((a, b) => b.memorySlices - a.memorySlices || b.computeSlices - a.computeSlices)
    .map((p) => p.name);
  for (const name of largestFirst) {
    const n = layout.filter((p) => p === name).length;
    if (n > 0) counts[name] = n;
  }
  return counts;
}
