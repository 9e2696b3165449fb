/**
 * The `gpu-sharing` component: the device-plugin ConfigMap (time-slicing and MPS configs per pool), the mig-parted
 * ConfigMap (MIG layouts per pool), and the GPU Operator Application that reads them (DESIGN.md section 5).
 */
import type { PlatformModel } from "../../model/index.js";
import type { ComponentManifests } from "../types.js";
import { devicePluginConfigMap } from "./device-plugin-config.js";
import { gpuOperatorNamespace } from "./gpu-operator.js";
import { migPartedConfigMap } from "./mig-parted-config.js";

export * from "./cluster-policy.js";
export * from "./config-text.js";
export * from "./device-plugin-config.js";
export * from "./gpu-operator.js";
export * from "./gpu-operator-values.js";
export * from "./mig-parted-config.js";

/** Component (folder) name of the GPU-sharing manifests. */
export const GPU_SHARING_COMPONENT = "gpu-sharing";

/** The gpu-sharing manifests: the two ConfigMaps in the GPU Operator's namespace (no files without GPU pools). */
export function renderGpuSharing(model: PlatformModel): ComponentManifests {
  const namespace = gpuOperatorNamespace(model);
  if (namespace === undefined) return { component: GPU_SHARING_COMPONENT, files: [] };
  return {
    component: GPU_SHARING_COMPONENT,
    files: [
      { name: "device-plugin-config", objects: [devicePluginConfigMap(model, namespace)] },
      { name: "mig-parted-config", objects: [migPartedConfigMap(model, namespace)] },
    ],
  };
}
