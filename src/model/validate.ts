/**
 * Checks of a schema-valid spec that need facts or several fields at once: instance types, GPU models, MIG layouts
 * against NVIDIA's placements, sharing replicas, taints, provisioners, workload types, teams. Every problem is one
 * finding; all are collected before anything fails.
 */
import { type Catalog, DEFAULT_CATALOG, EKS_ADDON_NAMES, type GpuModel } from "../catalog/index.js";
import {
  type Finding,
  type FindingCode,
  formatPath,
  type NodePoolSpec,
  type PlatformSpec,
  SHARING_REPLICAS,
  WORKLOAD_TYPES,
} from "../spec/index.js";
import { fitMigLayout, type MigLayoutProblem } from "./mig-layout.js";
import { parseTaint, TAINT_EFFECTS } from "./taints.js";
import { validateLogs } from "./validate-logs.js";

/** Where a path points in the source, when there is one. */
export type Locate = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

/** Options of {@link validatePlatform}. */
export interface ValidateOptions {
  /**
   * Whether the user wrote `spec.teams`. The default example teams ask for MIG slices; with pools of the user's own
   * that offer none, those quota lines are dropped (resolve keeps only offered profiles) instead of refused.
   * @default true
   */
  readonly teamsWritten?: boolean;
}

/** Validates `spec` against `catalog`; returns every finding, located when `locate` is given. */
export function validatePlatform(
  spec: PlatformSpec,
  catalog: Catalog = DEFAULT_CATALOG,
  locate?: Locate,
  options: ValidateOptions = {},
): Finding[] {
  const out: Finding[] = [];
  const add = (code: FindingCode, path: readonly PropertyKey[], message: string, extra: Partial<Finding> = {}) => {
    const at = locate?.(path);
    out.push({ code, severity: "error", path: formatPath(path), message, ...extra, ...(at ?? {}) });
  };
  const s = spec.spec;

  if (!Object.hasOwn(catalog.kubernetesReleases, s.cluster.kubernetesVersion)) {
    const allowed = Object.keys(catalog.kubernetesReleases);
    add(
      "AIP020",
      ["spec", "cluster", "kubernetesVersion"],
      `Kubernetes ${s.cluster.kubernetesVersion} has no pinned add-on set; supported: ${allowed.join(", ")}`,
      {
        found: s.cluster.kubernetesVersion,
        allowed,
      },
    );
  }
  for (const name of Object.keys(s.cluster.addonVersions)) {
    if (!(EKS_ADDON_NAMES as readonly string[]).includes(name)) {
      add("AIP004", ["spec", "cluster", "addonVersions", name], `unknown EKS add-on "${name}"`, {
        found: name,
        allowed: [...EKS_ADDON_NAMES],
      });
    }
  }

  const argocd = s.gitops.argocd;
  if (argocd.capability && argocd.identityCenterInstanceArn === undefined) {
    add(
      "AIP028",
      ["spec", "gitops", "argocd", "capability"],
      "the EKS Argo CD capability signs users in through IAM Identity Center only: set identityCenterInstanceArn, or capability: false and bootstrap Argo CD with the two commands in docs/gitops.md",
      { found: true, allowed: ["capability: true with identityCenterInstanceArn", "capability: false"] },
    );
  }
  validateLogs(s, add);

  const migProfilesOffered = new Set<string>();
  for (const [name, pool] of Object.entries(s.nodePools)) {
    const gpu = validatePool(name, pool, catalog, add);
    for (const p of pool.gpuSharing?.mig?.layout ?? [])
      if (gpu?.migProfiles[p] !== undefined) migProfilesOffered.add(p);
  }

  const served = new Set(Object.values(s.nodePools).flatMap((p) => p.workloadTypes));
  const controlPools = Object.entries(s.nodePools).filter(([, p]) => p.workloadTypes.includes("control"));
  if (controlPools.length === 0) {
    add(
      "AIP025",
      ["spec", "nodePools"],
      'no pool admits workload type "control": the platform\'s own services need a CPU pool that does',
      {
        allowed: ["a pool with workloadTypes including control"],
      },
    );
  }
  const unserved = WORKLOAD_TYPES.filter((type) => !served.has(type));
  if (unserved.length > 0) {
    const at = locate?.(["spec", "nodePools"]);
    out.push({
      code: "AIP016",
      severity: "warning",
      path: "spec.nodePools",
      message: `no pool admits workload type${unserved.length > 1 ? "s" : ""} ${unserved.join(", ")}: workloads of ${unserved.length > 1 ? "those types" : "that type"} will be refused`,
      found: unserved,
      ...(at ?? {}),
    });
  }

  validateTeams(s, served, migProfilesOffered, add, options.teamsWritten ?? true);
  return out;
}

/**
 * Checks node pools on their own: used when the rest of the spec failed its schema, so that a user still sees
 * every pool's problems in the same run.
 */
export function validateNodePools(
  pools: Readonly<Record<string, NodePoolSpec>>,
  catalog: Catalog = DEFAULT_CATALOG,
  locate?: Locate,
): Finding[] {
  const out: Finding[] = [];
  const add: Add = (code, path, message, extra = {}) => {
    out.push({ code, severity: "error", path: formatPath(path), message, ...extra, ...(locate?.(path) ?? {}) });
  };
  for (const [name, pool] of Object.entries(pools)) validatePool(name, pool, catalog, add);
  return out;
}

type Add = (code: FindingCode, path: readonly PropertyKey[], message: string, extra?: Partial<Finding>) => void;

/** Checks one pool; returns its GPU model when the pool's instance types agree on one. */
function validatePool(name: string, pool: NodePoolSpec, catalog: Catalog, add: Add): GpuModel | undefined {
  const at = (...rest: PropertyKey[]) => ["spec", "nodePools", name, ...rest];
  if (RESERVED_POOL_NAMES.includes(name)) {
    // A pool's name is its device-plugin and mig-parted config name; these two are the configs nodes fall back to.
    add(
      "AIP027",
      ["spec", "nodePools", name],
      `pool name "${name}" is reserved (a fixed GPU config of that name exists)`,
      {
        found: name,
        allowed: ["any other DNS label"],
      },
    );
  }
  const known = Object.keys(catalog.instanceTypes);
  const instances = pool.instanceTypes.map((t, i) => {
    const it = catalog.instanceTypes[t];
    if (it === undefined) {
      add("AIP010", at("instanceTypes", i), `unknown instance type "${t}"`, { found: t, allowed: known });
    }
    return it;
  });

  pool.taints.forEach((t, i) => {
    if (parseTaint(t) === undefined) {
      add(
        "AIP017",
        at("taints", i),
        `malformed taint "${t}": expected key=value:Effect with Effect one of ${TAINT_EFFECTS.join(", ")}`,
        {
          found: t,
          allowed: ["key=value:Effect", "key:Effect"],
        },
      );
    }
  });
  if (pool.minNodes > pool.maxNodes) {
    add("AIP021", at("minNodes"), `minNodes ${pool.minNodes} is above maxNodes ${pool.maxNodes}`, {
      found: pool.minNodes,
    });
  }

  const sharing = pool.gpuSharing ?? {};
  const methods = (["timeSlicing", "mps", "mig"] as const).filter((m) => sharing[m] !== undefined);
  if (methods.length > 1) {
    add("AIP024", at("gpuSharing"), `a pool shares its GPUs one way; found ${methods.join(" and ")}`, {
      found: methods,
      allowed: ["timeSlicing", "mps", "mig"],
    });
  }
  for (const m of ["timeSlicing", "mps"] as const) {
    const r = sharing[m]?.replicas;
    if (r !== undefined && (r < SHARING_REPLICAS.min || r > SHARING_REPLICAS.max)) {
      add(
        "AIP015",
        at("gpuSharing", m, "replicas"),
        `${m} replicas must be ${SHARING_REPLICAS.min} to ${SHARING_REPLICAS.max}, found ${r}`,
        {
          found: r,
          allowed: [`${SHARING_REPLICAS.min}..${SHARING_REPLICAS.max}`],
        },
      );
    }
  }

  if (instances.some((i) => i === undefined)) return undefined;
  const gpuModels = [...new Set(instances.map((i) => i!.gpuModel ?? "none"))];
  if (gpuModels.length > 1) {
    add(
      "AIP011",
      at("instanceTypes"),
      `one GPU model per pool, so every node offers the same units; found ${gpuModels.join(", ")}`,
      {
        found: pool.instanceTypes,
      },
    );
    return undefined;
  }
  const gpuName = gpuModels[0];
  const gpu = gpuName === undefined || gpuName === "none" ? undefined : catalog.gpuModels[gpuName];

  if (gpu === undefined) {
    if (methods.length > 0) {
      add(
        "AIP012",
        at("gpuSharing"),
        `pool "${name}" has no GPUs (${pool.instanceTypes.join(", ")}), so there is nothing to share`,
        {
          found: methods,
        },
      );
    }
  } else if (sharing.mig) {
    validateMig(gpu, sharing.mig.layout, at("gpuSharing", "mig", "layout"), add);
  }

  const isMig = sharing.mig !== undefined;
  if (isMig && pool.provisioner === "karpenter" && !pool.nodeOverlay) {
    add(
      "AIP019",
      at("provisioner"),
      "Karpenter cannot provision for nvidia.com/mig-* requests without its NodeOverlay: set nodeOverlay: true or use managed-node-group",
      { found: "karpenter", allowed: ["managed-node-group", "karpenter with nodeOverlay: true"] },
    );
  }
  if (pool.workloadTypes.includes("control") && pool.provisioner === "karpenter") {
    add(
      "AIP019",
      at("provisioner"),
      "the pool that runs the platform's own services (Karpenter among them) must be a managed node group",
      {
        found: "karpenter",
        allowed: ["managed-node-group"],
      },
    );
  }
  if (pool.workloadTypes.includes("control") && gpu !== undefined) {
    add(
      "AIP019",
      at("workloadTypes"),
      "platform services (workload type control) belong on a CPU pool, not on GPU nodes",
      {
        found: pool.instanceTypes,
      },
    );
  }
  return gpu;
}

function validateMig(gpu: GpuModel, layout: readonly string[], path: PropertyKey[], add: Add): void {
  const fit = fitMigLayout(gpu, layout);
  if (fit.ok) return;
  for (const p of fit.problems) {
    const [code, where, message, extra] = migMessage(gpu, layout, p);
    add(code, where === undefined ? path : [...path, where], message, extra);
  }
}

function migMessage(
  gpu: GpuModel,
  layout: readonly string[],
  p: MigLayoutProblem,
): [FindingCode, number | undefined, string, Partial<Finding>] {
  const allowed = Object.keys(gpu.migProfiles);
  switch (p.kind) {
    case "no-mig":
      return [
        "AIP018",
        undefined,
        `${gpu.displayName} (${gpu.name}) has no MIG; use timeSlicing or mps`,
        { found: gpu.name, allowed: ["timeSlicing", "mps"] },
      ];
    case "unknown-profile":
      return [
        "AIP013",
        p.index,
        `MIG profile "${p.profile}" is not offered by ${gpu.displayName}; it offers ${allowed.join(", ")}`,
        { found: p.profile, allowed },
      ];
    case "empty":
      return ["AIP014", undefined, "a MIG layout needs at least one profile", { allowed }];
    case "compute":
      return [
        "AIP014",
        undefined,
        `layout ${layout.join(" + ")} uses ${p.used} compute slices; ${gpu.displayName} has ${p.available}`,
        { found: layout },
      ];
    case "memory":
      return [
        "AIP014",
        undefined,
        `layout ${layout.join(" + ")} uses ${p.used} memory slices; ${gpu.displayName} has ${p.available}`,
        { found: layout },
      ];
    case "placement":
      return [
        "AIP014",
        undefined,
        `layout ${layout.join(" + ")} has no valid placement on ${gpu.displayName} (NVIDIA's MIG placement rules)`,
        { found: layout },
      ];
  }
}

function validateTeams(
  s: PlatformSpec["spec"],
  served: ReadonlySet<string>,
  migOffered: ReadonlySet<string>,
  add: Add,
  teamsWritten: boolean,
): void {
  const seen = new Map<string, string>();
  const teamNames = new Set(s.teams.map((t) => t.name));
  s.teams.forEach((team, ti) => {
    const at = (...rest: PropertyKey[]) => ["spec", "teams", ti, ...rest];
    (team.namespaces ?? [team.name]).forEach((ns, ni) => {
      const owner = seen.get(ns);
      if (owner !== undefined || SYSTEM_NAMESPACES.has(ns)) {
        add(
          "AIP022",
          at("namespaces", ni),
          `namespace "${ns}" is already ${owner ? `team ${owner}'s` : "a platform namespace"}`,
          { found: ns },
        );
      }
      seen.set(ns, team.name);
    });
    (team.workloadTypes ?? []).forEach((type, wi) => {
      if (!served.has(type)) {
        add("AIP016", at("workloadTypes", wi), `team ${team.name} may run "${type}" but no pool admits it`, {
          found: type,
          allowed: [...served],
        });
      }
    });
    for (const profile of Object.keys(team.quota.mig)) {
      if (!migOffered.has(profile) && teamsWritten) {
        add("AIP023", at("quota", "mig", profile), `no MIG pool offers ${profile}`, {
          found: profile,
          allowed: [...migOffered],
        });
      }
    }
    team.allowFrom.forEach((other, ai) => {
      if (!teamNames.has(other))
        add("AIP026", at("allowFrom", ai), `unknown team "${other}"`, { found: other, allowed: [...teamNames] });
    });
  });
}

/** Pool names the GPU configs reserve: the device plugin's fallback config and mig-parted's "MIG off" layout. */
export const RESERVED_POOL_NAMES: readonly string[] = ["default", "all-disabled"];

/** Namespaces the platform reserves for itself. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "argocd",
  "gpu-operator",
  "karpenter",
  "cert-manager",
  "external-secrets",
  "linkerd",
  "linkerd-cni",
  "monitoring",
  "observability",
  "mlops",
  "inference",
  "llm-gateway",
  "amazon-cloudwatch",
  "velero",
  "keda",
  "kubeflow",
  "kubeflow-system",
]);
