/** Placement and storage helpers shared by the observability charts. */
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import { tolerationsOf } from "../gpu-sharing/gpu-operator-values.js";

/** The EBS StorageClass the platform's stateful services use: gp3 when the spec offers it, else the default class. */
export function persistentStorageClass(model: PlatformModel): string {
  return model.storage.ebs.classes.includes("gp3") ? "gp3" : model.storage.ebs.defaultClass;
}

/** A `volumeClaimTemplate`-style PVC spec of `size` on the platform's gp3 class. */
export function gp3Claim(model: PlatformModel, size: string): Record<string, unknown> {
  return {
    storageClassName: persistentStorageClass(model),
    accessModes: ["ReadWriteOnce"],
    resources: { requests: { storage: size } },
  };
}

/** `nodeSelector` and `tolerations` of a platform service (a fresh copy each call: no YAML anchors). */
export function onControlPool(model: PlatformModel): { nodeSelector: Record<string, string>; tolerations: object[] } {
  return controlPlacement(model);
}

/** Tolerations of a node agent (DaemonSet) that must run on every pool: every pool's taints, key, value and effect. */
export function everyPoolTolerations(model: PlatformModel): object[] {
  return tolerationsOf(model.pools);
}
