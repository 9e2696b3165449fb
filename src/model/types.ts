/**
 * The resolved platform model: the spec with every default settled and every fact looked up. Every emitter (AWS,
 * Kubernetes, workloads, policy, planner) is a pure function of it. `platform.json` in the output is this object.
 */
import type { EksAddonName } from "../catalog/index.js";
import type { PlatformSpec, WorkloadType } from "../spec/index.js";

/** A Kubernetes taint. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** A toleration that matches exactly one taint: key, value and effect (never a bare `Exists` on a shared key). */
export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: Taint["effect"];
}

/** How a pool shares its GPUs. */
export type GpuSharing =
  | { readonly method: "none" }
  | { readonly method: "time-slicing" | "mps"; readonly replicas: number; readonly configName: string }
  | { readonly method: "mig"; readonly layout: readonly string[]; readonly configName: string };

/** One kind of schedulable unit a node offers, e.g. 32 x `nvidia.com/gpu` of 10 GiB each. */
export interface CapacityUnit {
  /** Extended resource name a pod requests, e.g. `nvidia.com/gpu` or `nvidia.com/mig-3g.40gb`. */
  readonly resource: string;
  /** Units of this resource per node. */
  readonly count: number;
  /** GPU memory one unit may use, MiB (for time-slicing a budget the platform enforces; MPS and MIG enforce it). */
  readonly gpuMemoryMiB: number;
  /** Share of one GPU's compute a unit gets: 1 for whole GPUs, 1/replicas when sliced, slices/7 for MIG. */
  readonly computeFraction: number;
  /** Whether the hardware or driver isolates the unit's memory (MIG, MPS) or only the platform's budget does. */
  readonly memoryIsolation: "hardware" | "driver" | "none";
}

/** What one node of a pool offers once the GPU Operator has configured it. */
export interface NodeCapacity {
  readonly instanceType: string;
  readonly vCpu: number;
  readonly memoryGiB: number;
  /** Physical GPUs. */
  readonly gpus: number;
  /** Extended resources the node advertises, by name (e.g. `{"nvidia.com/gpu": 32}`). */
  readonly resources: Readonly<Record<string, number>>;
  readonly units: readonly CapacityUnit[];
}

/** Who creates a pool's nodes. */
export type ProvisionerKind = "karpenter" | "managed-node-group";

/** A node pool, resolved. */
export interface PoolModel {
  readonly name: string;
  /** `cpu` pools run platform services and CPU workloads; `gpu` pools run GPU workloads. */
  readonly role: "cpu" | "gpu";
  readonly instanceTypes: readonly string[];
  /** The GPU of every instance type of the pool (one model per pool), absent for CPU pools. */
  readonly gpu?: { readonly model: string; readonly displayName: string; readonly memoryMiB: number };
  readonly sharing: GpuSharing;
  /** Capacity of one node, per instance type, in the spec's order. */
  readonly capacity: readonly NodeCapacity[];
  readonly workloadTypes: readonly WorkloadType[];
  /** Every label the pool's nodes carry, whoever provisions them. */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** The tolerations a pod needs to land on this pool: one per taint, matching key, value and effect. */
  readonly tolerations: readonly Toleration[];
  readonly provisioner: ProvisionerKind;
  /** Why the pool uses its provisioner, for SUMMARY.md. */
  readonly provisionerReason: string;
  readonly nodeOverlay: boolean;
  /** Capacity types, preferred first. */
  readonly capacityTypes: readonly ("spot" | "on-demand")[];
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly rootVolumeGiB: number;
  readonly expireAfter: string;
  /** Karpenter disruption settled from what the pool runs: job pools never consolidate busy nodes. */
  readonly disruption: {
    readonly consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
    readonly consolidateAfter: string;
    readonly budgetNodes: string;
  };
  /** On-demand price of one node of the first instance type, USD per hour. */
  readonly pricePerHourUSD: number;
}

/** A namespace the platform creates. */
export interface NamespaceModel {
  readonly name: string;
  readonly kind: "system" | "team";
  readonly team?: string;
}

/** A team, resolved. */
export interface TeamModel {
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly workloadTypes: readonly WorkloadType[];
  /** ResourceQuota `hard` entries per namespace (requests.cpu, requests.memory, requests.nvidia.com/gpu, MIG). */
  readonly quota: Readonly<Record<string, string>>;
  readonly allowFrom: readonly string[];
}

/** An in-cluster component the platform installs. */
export interface ComponentModel {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  /** Why it is installed. */
  readonly reason: string;
}

/** The node labels and annotations the platform owns. */
export const LABELS = {
  /** Every node carries its pool's name. */
  pool: "eks-ai-platform/pool",
  /** Node label prefix, one label per admitted workload type: `workload-type.eks-ai-platform/<type>: "true"`. */
  workloadTypePrefix: "workload-type.eks-ai-platform/",
  /** The label a pod carries to declare its workload type. */
  podWorkloadType: "eks-ai-platform/workload-type",
  /** Selects the node's device-plugin config (time-slicing, MPS). */
  devicePluginConfig: "nvidia.com/device-plugin.config",
  /** Selects the node's mig-parted layout. */
  migConfig: "nvidia.com/mig.config",
} as const;

/** The resolved platform. */
export interface PlatformModel {
  readonly name: string;
  readonly aws: {
    readonly region: string;
    readonly account?: string;
    readonly availabilityZones: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
  };
  readonly cluster: {
    readonly name: string;
    readonly kubernetesVersion: string;
    readonly endpoint: "private-and-public" | "private" | "public";
    readonly publicAccessCidrs: readonly string[];
    readonly controlPlaneLogging: readonly string[];
    readonly addons: Readonly<Record<EksAddonName, string>>;
    readonly clusterAutoscalerImageTag: string;
    readonly amiRelease: string;
  };
  readonly pools: readonly PoolModel[];
  readonly teams: readonly TeamModel[];
  readonly namespaces: readonly NamespaceModel[];
  readonly components: readonly ComponentModel[];
  readonly storage: PlatformSpec["spec"]["storage"];
  readonly networking: PlatformSpec["spec"]["networking"] & { readonly natGateways: number };
  readonly security: {
    readonly podSecurity: "restricted" | "baseline";
    readonly networkPolicy: "default-deny" | "none";
    readonly secrets: { readonly provider: "aws-secrets-manager"; readonly prefix: string };
  };
  readonly observability: PlatformSpec["spec"]["observability"];
  readonly mlops: PlatformSpec["spec"]["mlops"];
  readonly training: PlatformSpec["spec"]["training"];
  readonly scheduling: PlatformSpec["spec"]["scheduling"];
  readonly gateway: PlatformSpec["spec"]["gateway"];
  readonly backup: PlatformSpec["spec"]["backup"];
  readonly gitops: {
    readonly argocd: {
      readonly capability: boolean;
      readonly identityCenterInstanceArn?: string;
      readonly identityCenterRegion?: string;
      readonly repoURL: string;
      readonly path: string;
      readonly targetRevision: string;
    };
  };
}
