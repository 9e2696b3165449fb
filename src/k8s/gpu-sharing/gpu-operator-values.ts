/**
 * Typed Helm values of the NVIDIA GPU Operator chart (`CHARTS["gpu-operator"]`), settled from the model.
 * Chart values: https://github.com/NVIDIA/gpu-operator/blob/main/deployments/gpu-operator/values.yaml
 * Docs: https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/getting-started.html
 */
import { LABELS, type PlatformModel, type PoolModel, type Toleration } from "../../model/index.js";
import { DEFAULT_DEVICE_PLUGIN_CONFIG, DEVICE_PLUGIN_CONFIG_MAP, MIG_STRATEGY } from "./device-plugin-config.js";
import { MIG_DISABLED_CONFIG, MIG_PARTED_CONFIG_MAP } from "./mig-parted-config.js";

/** A toleration as the chart takes it. */
export type TolerationValue = { -readonly [K in keyof Toleration]: Toleration[K] };

/** Node affinity as Kubernetes writes it (required terms only; that is all the platform uses). */
export interface RequiredNodeAffinity {
  readonly nodeAffinity: {
    readonly requiredDuringSchedulingIgnoredDuringExecution: {
      readonly nodeSelectorTerms: readonly {
        readonly matchExpressions: readonly {
          readonly key: string;
          readonly operator: "In";
          readonly values: string[];
        }[];
      }[];
    };
  };
}

/** The chart values the platform sets (every other value keeps the chart default). */
export interface GpuOperatorValues {
  readonly operator: {
    readonly defaultRuntime: "containerd";
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly TolerationValue[];
  };
  readonly "node-feature-discovery": {
    readonly master: {
      readonly nodeSelector: Readonly<Record<string, string>>;
      readonly tolerations: readonly TolerationValue[];
    };
    readonly gc: {
      readonly nodeSelector: Readonly<Record<string, string>>;
      readonly tolerations: readonly TolerationValue[];
    };
    readonly worker: { readonly tolerations: readonly TolerationValue[]; readonly affinity: RequiredNodeAffinity };
  };
  readonly daemonsets: { readonly priorityClassName: string; readonly tolerations: readonly TolerationValue[] };
  readonly driver: { readonly enabled: false };
  readonly toolkit: { readonly enabled: false };
  readonly devicePlugin: {
    readonly enabled: true;
    readonly config: { readonly create: false; readonly name: string; readonly default: string };
  };
  readonly gfd: { readonly enabled: true };
  readonly migManager: {
    readonly enabled: true;
    readonly config: { readonly create: false; readonly name: string; readonly default: "all-disabled" };
    readonly env: readonly { readonly name: string; readonly value: string }[];
  };
  readonly mig: { readonly strategy: "mixed" };
  readonly dcgm: { readonly enabled: false };
  readonly dcgmExporter: { readonly enabled: boolean; readonly serviceMonitor: { readonly enabled: boolean } };
  readonly nodeStatusExporter: { readonly enabled: false };
}

/** The pool that runs the platform's own services: the one admitting workload type `control` (validation ensures one). */
export function platformServicesPool(model: PlatformModel): PoolModel {
  const pool = model.pools.find((p) => p.workloadTypes.includes("control"));
  if (pool === undefined) throw new Error("no pool admits workload type control (AIP025 should have caught this)");
  return pool;
}

/** Tolerations for every taint of `pools`, each matching key, value and effect, without duplicates, in spec order. */
export function tolerationsOf(pools: readonly PoolModel[]): TolerationValue[] {
  const seen = new Set<string>();
  const out: TolerationValue[] = [];
  for (const t of pools.flatMap((p) => p.tolerations)) {
    const id = `${t.key}\u0000${t.operator}\u0000${t.value ?? ""}\u0000${t.effect}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ ...t });
  }
  return out;
}

/**
 * The GPU Operator values of `model`.
 * - Driver and container toolkit off: the EKS AL2023 NVIDIA AMIs ship both.
 * - Device plugin and MIG manager read the platform's ConfigMaps; nodes choose entries by their pool's labels.
 * - `WITH_REBOOT=true`: on EC2 a MIG mode change needs a reboot, which the MIG manager then performs.
 * - Operands tolerate exactly the GPU pools' taints (key, value, effect): the seed's custom taints would otherwise
 *   keep them off the nodes they serve, and a bare `Exists` on the shared key `gpu` would be broader than needed.
 * - Operands run only on GPU nodes: the operator schedules them on nodes labelled `nvidia.com/gpu.present=true`
 *   (its `nvidia.com/gpu.deploy.*` labels), which NFD detects from the NVIDIA PCI device; the chart exposes no
 *   per-operand selector. The NFD worker, which must run before that label exists, is pinned to the GPU pools.
 * - The operator and the NFD master and garbage collector run on the platform-services (CPU) pool.
 */
export function gpuOperatorValues(model: PlatformModel): GpuOperatorValues {
  const services = platformServicesPool(model);
  const gpuPools = model.pools.filter((p) => p.role === "gpu");
  // Functions, not shared objects: shared references would come out of a YAML writer as anchors and aliases.
  const onServices = () => ({ [LABELS.pool]: services.labels[LABELS.pool] ?? services.name });
  const servicesTolerations = () => tolerationsOf([services]);
  const gpuTolerations = () => tolerationsOf(gpuPools);
  const dcgm = model.observability.gpuMetrics === "dcgm";
  return {
    operator: { defaultRuntime: "containerd", nodeSelector: onServices(), tolerations: servicesTolerations() },
    "node-feature-discovery": {
      master: { nodeSelector: onServices(), tolerations: servicesTolerations() },
      gc: { nodeSelector: onServices(), tolerations: servicesTolerations() },
      worker: {
        tolerations: gpuTolerations(),
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: LABELS.pool, operator: "In", values: gpuPools.map((p) => p.name) }] },
              ],
            },
          },
        },
      },
    },
    daemonsets: { priorityClassName: "system-node-critical", tolerations: gpuTolerations() },
    driver: { enabled: false },
    toolkit: { enabled: false },
    devicePlugin: {
      enabled: true,
      config: { create: false, name: DEVICE_PLUGIN_CONFIG_MAP, default: DEFAULT_DEVICE_PLUGIN_CONFIG },
    },
    gfd: { enabled: true },
    migManager: {
      enabled: true,
      config: { create: false, name: MIG_PARTED_CONFIG_MAP, default: MIG_DISABLED_CONFIG },
      env: [{ name: "WITH_REBOOT", value: "true" }],
    },
    mig: { strategy: MIG_STRATEGY },
    dcgm: { enabled: false },
    dcgmExporter: { enabled: dcgm, serviceMonitor: { enabled: dcgm && model.observability.metrics === "prometheus" } },
    nodeStatusExporter: { enabled: false },
  };
}
