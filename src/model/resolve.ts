/**
 * `resolve(spec, catalog)`: settles every default and looks up every fact once, so emitters never re-decide them.
 * Expects a spec that `validatePlatform` accepted (it throws on facts it cannot find).
 */
import {
  AL2023_AMI_RELEASE,
  type Catalog,
  CHARTS,
  DEFAULT_CATALOG,
  type EksAddonName,
  gpuModel,
  instanceType,
  kubernetesRelease,
} from "../catalog/index.js";
import type { NodePoolSpec, PlatformSpec, WorkloadType } from "../spec/index.js";
import { nodeCapacity } from "./capacity.js";
import { parseTaint, tolerationFor } from "./taints.js";
import {
  type ComponentModel,
  type GpuSharing,
  LABELS,
  type NamespaceModel,
  type PlatformModel,
  type PoolModel,
  type ProvisionerKind,
  type TeamModel,
} from "./types.js";
import { SYSTEM_NAMESPACES } from "./validate.js";

/** Workload types that run as jobs: their nodes must not be consolidated while a job runs. */
const JOB_WORKLOAD_TYPES: ReadonlySet<WorkloadType> = new Set([
  "research",
  "development",
  "training",
  "fine-tuning",
  "batch-inference",
]);

/** Resolves a validated spec into the platform model. */
export function resolve(spec: PlatformSpec, catalog: Catalog = DEFAULT_CATALOG): PlatformModel {
  const s = spec.spec;
  const name = spec.metadata.name;
  const release = kubernetesRelease(s.cluster.kubernetesVersion, catalog);
  const pools = Object.entries(s.nodePools).map(([poolName, pool]) =>
    resolvePool(poolName, pool, s.provisioner, catalog),
  );
  const served = [...new Set(pools.flatMap((p) => p.workloadTypes))];
  const teams: TeamModel[] = s.teams.map((t) => ({
    name: t.name,
    namespaces: t.namespaces ?? [t.name],
    workloadTypes: t.workloadTypes ?? served.filter((w) => w !== "control"),
    quota: quotaOf(t.quota, offeredMigProfiles(pools)),
    allowFrom: t.allowFrom,
  }));
  const components = componentsOf(pools, release.clusterAutoscalerImageTag);
  const systemNamespaces = [...new Set(["kube-system", ...components.map((c) => c.namespace)])].filter((n) =>
    SYSTEM_NAMESPACES.has(n),
  );
  const namespaces: NamespaceModel[] = [
    ...systemNamespaces.map((n) => ({ name: n, kind: "system" as const })),
    ...teams.flatMap((t) => t.namespaces.map((n) => ({ name: n, kind: "team" as const, team: t.name }))),
  ];
  const addons = { ...release.addons, ...(s.cluster.addonVersions as Partial<Record<EksAddonName, string>>) };
  return {
    name,
    aws: {
      region: s.aws.region,
      ...(s.aws.account === undefined ? {} : { account: s.aws.account }),
      availabilityZones: Array.from(
        { length: s.aws.availabilityZones },
        (_, i) => `${s.aws.region}${String.fromCharCode(97 + i)}`,
      ),
      tags: { "eks-ai-platform/platform": name, ...s.aws.tags },
    },
    cluster: {
      name,
      kubernetesVersion: release.version,
      endpoint: s.cluster.endpoint,
      publicAccessCidrs: s.cluster.publicAccessCidrs,
      controlPlaneLogging: s.cluster.controlPlaneLogging,
      addons,
      clusterAutoscalerImageTag: release.clusterAutoscalerImageTag,
      amiRelease: AL2023_AMI_RELEASE,
    },
    pools,
    teams,
    namespaces,
    components,
    storage: s.storage,
    networking: { ...s.networking, natGateways: s.networking.natGateways ?? s.aws.availabilityZones },
    security: {
      podSecurity: s.security.podSecurity,
      networkPolicy: s.security.networkPolicy,
      secrets: { provider: s.security.secrets.provider, prefix: s.security.secrets.prefix ?? `${name}/` },
    },
    observability: s.observability,
    mlops: s.mlops,
    training: s.training,
    scheduling: s.scheduling,
    gateway: s.gateway,
    backup: s.backup,
    gitops: { argocd: { ...s.gitops.argocd, path: s.gitops.argocd.path ?? `dist/${name}` } },
  };
}

function resolvePool(
  name: string,
  pool: NodePoolSpec,
  defaultProvisioner: PlatformSpec["spec"]["provisioner"],
  catalog: Catalog,
): PoolModel {
  const instances = pool.instanceTypes.map((t) => instanceType(t, catalog));
  const first = instances[0]!;
  const gpu = first.gpuModel === undefined ? undefined : gpuModel(first.gpuModel, catalog);
  const sharing = sharingOf(name, pool);
  const taints = pool.taints.map((t) => parseTaint(t)!);
  const labels: Record<string, string> = { ...pool.labels, [LABELS.pool]: name };
  for (const type of pool.workloadTypes) labels[`${LABELS.workloadTypePrefix}${type}`] = "true";
  if (sharing.method === "time-slicing" || sharing.method === "mps")
    labels[LABELS.devicePluginConfig] = sharing.configName;
  if (sharing.method === "mig") labels[LABELS.migConfig] = sharing.configName;
  const { provisioner, reason } = provisionerOf(pool, gpu !== undefined, defaultProvisioner);
  const runsJobs = pool.workloadTypes.some((t) => JOB_WORKLOAD_TYPES.has(t));
  return {
    name,
    role: gpu === undefined ? "cpu" : "gpu",
    instanceTypes: pool.instanceTypes,
    ...(gpu === undefined ? {} : { gpu: { model: gpu.name, displayName: gpu.displayName, memoryMiB: gpu.memoryMiB } }),
    sharing,
    capacity: instances.map((i) => nodeCapacity(i, gpu, sharing)),
    workloadTypes: pool.workloadTypes,
    labels: sortKeys(labels),
    taints,
    tolerations: taints.map(tolerationFor),
    provisioner,
    provisionerReason: reason,
    nodeOverlay: pool.nodeOverlay,
    capacityTypes: pool.capacityTypes,
    minNodes: pool.minNodes,
    maxNodes: pool.maxNodes,
    rootVolumeGiB: pool.rootVolumeGiB,
    expireAfter: pool.expireAfter,
    disruption: runsJobs
      ? { consolidationPolicy: "WhenEmpty", consolidateAfter: "10m", budgetNodes: "10%" }
      : { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "30m", budgetNodes: "20%" },
    pricePerHourUSD: first.pricePerHourUSD,
  };
}

function sharingOf(name: string, pool: NodePoolSpec): GpuSharing {
  const s = pool.gpuSharing;
  if (s?.mig) return { method: "mig", layout: s.mig.layout, configName: name };
  if (s?.mps) return { method: "mps", replicas: s.mps.replicas, configName: name };
  if (s?.timeSlicing) return { method: "time-slicing", replicas: s.timeSlicing.replicas, configName: name };
  return { method: "none" };
}

function provisionerOf(
  pool: NodePoolSpec,
  hasGpu: boolean,
  defaultProvisioner: PlatformSpec["spec"]["provisioner"],
): { provisioner: ProvisionerKind; reason: string } {
  if (pool.provisioner !== undefined) return { provisioner: pool.provisioner, reason: "chosen in the spec" };
  if (!hasGpu || pool.workloadTypes.includes("control")) {
    return {
      provisioner: "managed-node-group",
      reason: "runs the platform's own services (Karpenter among them), so it must exist before any autoscaler",
    };
  }
  if (pool.gpuSharing?.mig && !pool.nodeOverlay) {
    return {
      provisioner: "managed-node-group",
      reason:
        "Karpenter cannot provision for nvidia.com/mig-* requests without its alpha NodeOverlay; Cluster Autoscaler scales it",
    };
  }
  if (defaultProvisioner === "managed-node-groups")
    return { provisioner: "managed-node-group", reason: "spec.provisioner is managed-node-groups" };
  return {
    provisioner: "karpenter",
    reason: pool.gpuSharing?.mig
      ? "Karpenter with NodeOverlay (opted in) advertises the MIG resources before nodes exist"
      : "Karpenter provisions for nvidia.com/gpu (time-slicing keeps that name), picks spot or on-demand and replaces nodes fast",
  };
}

/** MIG profiles some pool offers. */
function offeredMigProfiles(pools: readonly PoolModel[]): ReadonlySet<string> {
  return new Set(pools.flatMap((p) => (p.sharing.method === "mig" ? p.sharing.layout : [])));
}

/** ResourceQuota `hard` entries; MIG lines only for profiles a pool offers (validation refuses others the user wrote). */
function quotaOf(
  quota: PlatformSpec["spec"]["teams"][number]["quota"],
  offered: ReadonlySet<string>,
): Record<string, string> {
  const hard: Record<string, string> = {
    "requests.cpu": String(quota.cpu),
    "requests.memory": String(quota.memory),
    "requests.nvidia.com/gpu": String(quota.gpu),
  };
  for (const [profile, n] of Object.entries(quota.mig)) {
    if (offered.has(profile)) hard[`requests.nvidia.com/mig-${profile}`] = String(n);
  }
  return hard;
}

function componentsOf(pools: readonly PoolModel[], clusterAutoscalerImageTag: string): ComponentModel[] {
  const out: ComponentModel[] = [];
  if (pools.some((p) => p.role === "gpu")) {
    out.push({
      name: "gpu-operator",
      namespace: "gpu-operator",
      version: CHARTS["gpu-operator"].version,
      reason: "GPU pools: device plugin, MIG manager, DCGM exporter",
    });
  }
  if (pools.some((p) => p.provisioner === "karpenter")) {
    out.push({
      name: "karpenter",
      namespace: "kube-system",
      version: CHARTS.karpenter.version,
      reason: `provisions ${pools
        .filter((p) => p.provisioner === "karpenter")
        .map((p) => p.name)
        .join(", ")}`,
    });
  }
  if (pools.some((p) => p.provisioner === "managed-node-group")) {
    out.push({
      name: "cluster-autoscaler",
      namespace: "kube-system",
      version: `${CHARTS["cluster-autoscaler"].version} (image ${clusterAutoscalerImageTag})`,
      reason: `scales the managed node groups ${pools
        .filter((p) => p.provisioner === "managed-node-group")
        .map((p) => p.name)
        .join(", ")}`,
    });
  }
  return out;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
