/**
 * The NVIDIA device-plugin ConfigMap: one named config per time-slicing or MPS pool, plus `default` (no sharing).
 * A node picks its entry by the label `nvidia.com/device-plugin.config=<name>` that its pool carries
 * (`LABELS.devicePluginConfig`); nodes without the label (whole-GPU and MIG pools) get `default`.
 * Format: NVIDIA k8s-device-plugin `api/config/v1` (README "Shared Access to GPUs").
 * https://github.com/NVIDIA/k8s-device-plugin#shared-access-to-gpus
 */
import { GPU_RESOURCE, type PlatformModel, type PoolModel } from "../../model/index.js";
import type { KubeObject } from "../types.js";
import { configText } from "./config-text.js";

/** Name of the device-plugin ConfigMap (GPU Operator `devicePlugin.config.name`). */
export const DEVICE_PLUGIN_CONFIG_MAP = "device-plugin-config";
/** The entry nodes without a `nvidia.com/device-plugin.config` label use (GPU Operator `devicePlugin.config.default`). */
export const DEFAULT_DEVICE_PLUGIN_CONFIG = "default";

/** `sharing.timeSlicing` / `sharing.mps` of a device-plugin config (`ReplicatedResources` upstream). */
export interface ReplicatedSharing {
  /** false: replicas keep the name `nvidia.com/gpu`, which Karpenter can provision for (true: `nvidia.com/gpu.shared`). */
  readonly renameByDefault: boolean;
  /** true: a pod asking for more than one replica fails at admission instead of getting no more compute. */
  readonly failRequestsGreaterThanOne?: boolean;
  readonly resources: readonly { readonly name: string; readonly replicas: number }[];
}

/** One named device-plugin config (`version: v1`). */
export interface DevicePluginConfig {
  readonly version: "v1";
  readonly flags: { readonly migStrategy: "none" | "single" | "mixed" };
  readonly sharing?: { readonly timeSlicing: ReplicatedSharing } | { readonly mps: ReplicatedSharing };
}

/** The MIG strategy of the cluster: `mixed` exposes `nvidia.com/mig-<profile>` per MIG profile (DESIGN.md section 5). */
export const MIG_STRATEGY = "mixed";

/**
 * Named configs: `default` first (no sharing; `mixed` so MIG pool nodes, which use it, expose their slices), then one
 * per time-slicing or MPS pool in spec order (`none`: those GPUs never have MIG enabled).
 */
export function devicePluginConfigs(model: PlatformModel): Record<string, DevicePluginConfig> {
  const out: Record<string, DevicePluginConfig> = {
    [DEFAULT_DEVICE_PLUGIN_CONFIG]: { version: "v1", flags: { migStrategy: MIG_STRATEGY } },
  };
  for (const pool of model.pools) {
    const config = poolConfig(pool);
    if (config === undefined || !("configName" in pool.sharing)) continue;
    if (Object.hasOwn(out, pool.sharing.configName)) {
      throw new Error(
        `device-plugin config name "${pool.sharing.configName}" of pool ${pool.name} is already taken (reserved: ${DEFAULT_DEVICE_PLUGIN_CONFIG})`,
      );
    }
    out[pool.sharing.configName] = config;
  }
  return out;
}

/** The device-plugin config of one time-slicing or MPS pool; undefined for other pools. */
export function poolConfig(pool: PoolModel): DevicePluginConfig | undefined {
  const s = pool.sharing;
  if (s.method !== "time-slicing" && s.method !== "mps") return undefined;
  const resources = [{ name: GPU_RESOURCE, replicas: s.replicas }];
  if (s.method === "mps") {
    // MPS gives each replica an equal, driver-enforced share of GPU memory and always refuses requests above one.
    return { version: "v1", flags: { migStrategy: "none" }, sharing: { mps: { renameByDefault: false, resources } } };
  }
  return {
    version: "v1",
    flags: { migStrategy: "none" },
    sharing: { timeSlicing: { renameByDefault: false, failRequestsGreaterThanOne: true, resources } },
  };
}

/** The ConfigMap holding every named config, one data key each, in the GPU Operator's namespace. */
export function devicePluginConfigMap(model: PlatformModel, namespace: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: DEVICE_PLUGIN_CONFIG_MAP, namespace },
    data: Object.fromEntries(Object.entries(devicePluginConfigs(model)).map(([name, c]) => [name, configText(c)])),
  };
}
