/**
 * The mig-parted ConfigMap the GPU Operator's MIG manager applies: one named layout per MIG pool plus `all-disabled`.
 * A node picks its layout by the label `nvidia.com/mig.config=<name>` its pool carries (`LABELS.migConfig`); GPUs on
 * other nodes get the default, `all-disabled`. Format: NVIDIA mig-parted `version: v1`, key `config.yaml`.
 * https://github.com/NVIDIA/mig-parted#the-mig-parted-config-file
 */
import type { PlatformModel } from "../../model/index.js";
import type { KubeObject } from "../types.js";
import { configText } from "./config-text.js";

/** Name of the mig-parted ConfigMap (GPU Operator `migManager.config.name`). */
export const MIG_PARTED_CONFIG_MAP = "mig-parted-config";
/** The layout of GPUs whose node names none: MIG off (GPU Operator `migManager.config.default`). */
export const MIG_DISABLED_CONFIG = "all-disabled";
/** The data key the MIG manager reads. */
export const MIG_PARTED_CONFIG_KEY = "config.yaml";

/** One device selector of a mig-parted layout. */
export interface MigDeviceConfig {
  readonly devices: "all" | readonly number[];
  readonly "mig-enabled": boolean;
  /** Instances per GPU by profile, e.g. `{"3g.40gb": 1, "2g.20gb": 1, "1g.10gb": 2}`. */
  readonly "mig-devices"?: Readonly<Record<string, number>>;
}

/** A mig-parted config file. */
export interface MigPartedConfig {
  readonly version: "v1";
  readonly "mig-configs": Readonly<Record<string, readonly MigDeviceConfig[]>>;
}

/** Profile counts of a layout, in the order profiles first appear (e.g. [3g, 2g, 1g, 1g] -> {3g: 1, 2g: 1, 1g: 2}). */
export function migDevices(layout: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const profile of layout) out[profile] = (out[profile] ?? 0) + 1;
  return out;
}

/** `all-disabled`, then one layout per MIG pool in spec order; every GPU of a node gets the pool's layout. */
export function migPartedConfig(model: PlatformModel): MigPartedConfig {
  const configs: Record<string, readonly MigDeviceConfig[]> = {
    [MIG_DISABLED_CONFIG]: [{ devices: "all", "mig-enabled": false }],
  };
  for (const pool of model.pools) {
    if (pool.sharing.method !== "mig") continue;
    if (Object.hasOwn(configs, pool.sharing.configName)) {
      throw new Error(
        `mig-parted config name "${pool.sharing.configName}" of pool ${pool.name} is already taken (reserved: ${MIG_DISABLED_CONFIG})`,
      );
    }
    configs[pool.sharing.configName] = [
      { devices: "all", "mig-enabled": true, "mig-devices": migDevices(pool.sharing.layout) },
    ];
  }
  return { version: "v1", "mig-configs": configs };
}

/** The ConfigMap (`config.yaml`) in the GPU Operator's namespace. */
export function migPartedConfigMap(model: PlatformModel, namespace: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: MIG_PARTED_CONFIG_MAP, namespace },
    data: { [MIG_PARTED_CONFIG_KEY]: configText(migPartedConfig(model)) },
  };
}
