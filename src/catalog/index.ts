/**
 * The facts catalog: data only, each table with its source. Functions that need facts take a `Catalog` so tests
 * can pass a small one.
 */
import { GPU_MODELS, type GpuModel } from "./gpu-models.js";
import { INSTANCE_TYPES, type InstanceType } from "./instance-types.js";
import { lookup } from "./lookup.js";
import { KUBERNETES_RELEASES, type KubernetesRelease } from "./versions.js";

export * from "./gpu-models.js";
export * from "./instance-types.js";
export * from "./lookup.js";
export * from "./metrics.js";
export * from "./versions.js";

/** The fact tables a platform is resolved against. */
export interface Catalog {
  readonly instanceTypes: Readonly<Record<string, InstanceType>>;
  readonly gpuModels: Readonly<Record<string, GpuModel>>;
  readonly kubernetesReleases: Readonly<Record<string, KubernetesRelease>>;
}

/** The built-in catalog. */
export const DEFAULT_CATALOG: Catalog = {
  instanceTypes: INSTANCE_TYPES,
  gpuModels: GPU_MODELS,
  kubernetesReleases: KUBERNETES_RELEASES,
};

/** Looks up an instance type; throws listing the known types. */
export function instanceType(name: string, catalog: Catalog = DEFAULT_CATALOG): InstanceType {
  return lookup("instance type", catalog.instanceTypes, name);
}

/** Looks up a GPU model; throws listing the known models. */
export function gpuModel(name: string, catalog: Catalog = DEFAULT_CATALOG): GpuModel {
  return lookup("GPU model", catalog.gpuModels, name);
}

/** Looks up what the platform pins for a Kubernetes minor version; throws listing the supported versions. */
export function kubernetesRelease(version: string, catalog: Catalog = DEFAULT_CATALOG): KubernetesRelease {
  return lookup("Kubernetes version", catalog.kubernetesReleases, version);
}
