/**
 * GPU models and their MIG profiles with NVIDIA's placement rules.
 *
 * Sources: NVIDIA MIG user guide, "Supported MIG profiles" and "Placements" (`nvidia-smi mig -lgipp`),
 * https://docs.nvidia.com/datacenter/tesla/mig-user-guide/ ; NVIDIA mig-parted `deployments/systemd/config-default.yaml`.
 * Read 2026-07 (see shared facts). A MIG-capable GPU has 7 compute slices and 8 memory slices; a profile instance
 * occupies `memorySlices` consecutive memory slices starting at one of `placements`.
 */

/** One MIG profile of a GPU model (a GPU instance size). */
export interface MigProfile {
  /** Profile name as NVIDIA writes it, e.g. `3g.40gb`. */
  readonly name: string;
  /** Compute slices (of 7) one instance uses. */
  readonly computeSlices: number;
  /** Memory slices (of 8) one instance uses. */
  readonly memorySlices: number;
  /** Nominal GPU memory of one instance, GiB (the number in the profile name). */
  readonly memoryGiB: number;
  /** Allowed start positions (memory-slice index) of an instance: NVIDIA's placement table. */
  readonly placements: readonly number[];
  /** Most instances of this profile on one GPU. */
  readonly maxInstances: number;
}

/** A GPU model. */
export interface GpuModel {
  /** Model name as the GPU Feature Discovery `nvidia.com/gpu.product` label writes it. */
  readonly name: string;
  /** Short name used in summaries, e.g. `A100 40GB`. */
  readonly displayName: string;
  /** Memory of one GPU, MiB. */
  readonly memoryMiB: number;
  /** Compute slices a MIG-capable GPU divides into (7), 0 when it has no MIG. */
  readonly migComputeSlices: number;
  /** Memory slices a MIG-capable GPU divides into (8), 0 when it has no MIG. */
  readonly migMemorySlices: number;
  /** MIG profiles, by name; empty when the GPU has no MIG. */
  readonly migProfiles: Readonly<Record<string, MigProfile>>;
}

function profile(name: string, computeSlices: number, memorySlices: number, placements: readonly number[]): MigProfile {
  const memoryGiB = Number(/\.(\d+)gb$/.exec(name)?.[1]);
  return { name, computeSlices, memorySlices, memoryGiB, placements, maxInstances: placements.length };
}

/** Profiles of the 80 GB A100 and H100 (identical names, slices and placements). */
const MIG_80GB: Readonly<Record<string, MigProfile>> = {
  "1g.10gb": profile("1g.10gb", 1, 1, [0, 1, 2, 3, 4, 5, 6]),
  "1g.20gb": profile("1g.20gb", 1, 2, [0, 2, 4, 6]),
  "2g.20gb": profile("2g.20gb", 2, 2, [0, 2, 4]),
  "3g.40gb": profile("3g.40gb", 3, 4, [0, 4]),
  "4g.40gb": profile("4g.40gb", 4, 4, [0]),
  "7g.80gb": profile("7g.80gb", 7, 8, [0]),
};

/** GPU models, by `nvidia.com/gpu.product` name. */
export const GPU_MODELS: Readonly<Record<string, GpuModel>> = {
  "A100-SXM4-40GB": {
    name: "A100-SXM4-40GB",
    displayName: "A100 40GB",
    memoryMiB: 40960,
    migComputeSlices: 7,
    migMemorySlices: 8,
    migProfiles: {
      "1g.5gb": profile("1g.5gb", 1, 1, [0, 1, 2, 3, 4, 5, 6]),
      "1g.10gb": profile("1g.10gb", 1, 2, [0, 2, 4, 6]),
      "2g.10gb": profile("2g.10gb", 2, 2, [0, 2, 4]),
      "3g.20gb": profile("3g.20gb", 3, 4, [0, 4]),
      "4g.20gb": profile("4g.20gb", 4, 4, [0]),
      "7g.40gb": profile("7g.40gb", 7, 8, [0]),
    },
  },
  "A100-SXM4-80GB": {
    name: "A100-SXM4-80GB",
    displayName: "A100 80GB",
    memoryMiB: 81920,
    migComputeSlices: 7,
    migMemorySlices: 8,
    migProfiles: MIG_80GB,
  },
  "H100-SXM5-80GB": {
    name: "H100-SXM5-80GB",
    displayName: "H100 80GB",
    memoryMiB: 81920,
    migComputeSlices: 7,
    migMemorySlices: 8,
    migProfiles: MIG_80GB,
  },
  "H200-141GB": {
    name: "H200-141GB",
    displayName: "H200 141GB",
    memoryMiB: 144384,
    migComputeSlices: 7,
    migMemorySlices: 8,
    migProfiles: {
      "1g.18gb": profile("1g.18gb", 1, 1, [0, 1, 2, 3, 4, 5, 6]),
      "1g.35gb": profile("1g.35gb", 1, 2, [0, 2, 4, 6]),
      "2g.35gb": profile("2g.35gb", 2, 2, [0, 2, 4]),
      "3g.71gb": profile("3g.71gb", 3, 4, [0, 4]),
      "4g.71gb": profile("4g.71gb", 4, 4, [0]),
      "7g.141gb": profile("7g.141gb", 7, 8, [0]),
    },
  },
  A10G: {
    name: "A10G",
    displayName: "A10G 24GB",
    memoryMiB: 22888,
    migComputeSlices: 0,
    migMemorySlices: 0,
    migProfiles: {},
  },
  L40S: {
    name: "L40S",
    displayName: "L40S 48GB",
    memoryMiB: 45776,
    migComputeSlices: 0,
    migMemorySlices: 0,
    migProfiles: {},
  },
};
