/**
 * Capacity units: what one node of a pool offers to pods once the GPU Operator has configured it. The one
 * definition that placement, policy, the planner and SUMMARY.md all use (DESIGN.md section 5).
 */
import type { GpuModel, InstanceType } from "../catalog/index.js";
import { countProfiles } from "./mig-layout.js";
import type { CapacityUnit, GpuSharing, NodeCapacity } from "./types.js";

/** The extended resource a whole or time-sliced GPU is requested by (`renameByDefault: false` keeps this name). */
export const GPU_RESOURCE = "nvidia.com/gpu";

/** The extended resource of a MIG profile under `mig.strategy: mixed`, e.g. `nvidia.com/mig-3g.40gb`. */
export function migResource(profile: string): string {
  return `nvidia.com/mig-${profile}`;
}

/**
 * Capacity of one node of `instance` with `gpu` shared by `sharing`.
 * E.g. p4d.24xlarge (8x A100 40GB) at 4 time-slicing replicas: 32 x nvidia.com/gpu of 10240 MiB each;
 * p4de.24xlarge with [3g.40gb, 2g.20gb, 1g.10gb, 1g.10gb]: 8 x mig-3g.40gb, 8 x mig-2g.20gb, 16 x mig-1g.10gb.
 */
export function nodeCapacity(instance: InstanceType, gpu: GpuModel | undefined, sharing: GpuSharing): NodeCapacity {
  const base = {
    instanceType: instance.name,
    vCpu: instance.vCpu,
    memoryGiB: instance.memoryGiB,
    gpus: instance.gpuCount,
  };
  if (gpu === undefined || instance.gpuCount === 0) return { ...base, resources: {}, units: [] };
  const units = unitsPerGpu(gpu, sharing).map((u) => ({ ...u, count: u.count * instance.gpuCount }));
  const resources: Record<string, number> = {};
  for (const u of units) resources[u.resource] = (resources[u.resource] ?? 0) + u.count;
  return { ...base, resources, units };
}

/** The units one GPU offers under `sharing`. */
export function unitsPerGpu(gpu: GpuModel, sharing: GpuSharing): CapacityUnit[] {
  switch (sharing.method) {
    case "none":
      return [
        {
          resource: GPU_RESOURCE,
          count: 1,
          gpuMemoryMiB: gpu.memoryMiB,
          computeFraction: 1,
          memoryIsolation: "hardware",
        },
      ];
    case "time-slicing":
    case "mps":
      return [
        {
          resource: GPU_RESOURCE,
          count: sharing.replicas,
          gpuMemoryMiB: replicaMemoryMiB(gpu, sharing.replicas),
          computeFraction: 1 / sharing.replicas,
          memoryIsolation: sharing.method === "mps" ? "driver" : "none",
        },
      ];
    case "mig":
      return Object.entries(countProfiles(gpu, sharing.layout)).map(([name, count]) => {
        const p = gpu.migProfiles[name]!;
        return {
          resource: migResource(name),
          count,
          gpuMemoryMiB: p.memoryGiB * 1024,
          computeFraction: p.computeSlices / gpu.migComputeSlices,
          memoryIsolation: "hardware",
        };
      });
  }
}

/** GPU memory budget of one time-slice or MPS replica: an equal share of the GPU, MiB (rounded down). */
export function replicaMemoryMiB(gpu: GpuModel, replicas: number): number {
  return Math.floor(gpu.memoryMiB / replicas);
}
