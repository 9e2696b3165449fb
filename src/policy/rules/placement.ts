/**
 * Placement rules (AIP20x): a GPU pod declares its workload type, selects a pool that admits it, tolerates exactly
 * that pool's taints, asks for resources the pool offers, within the replica's memory budget, never production
 * inference on a shared GPU, and carries the priority class of its workload type (DESIGN.md section 5).
 */
import { GPU_RESOURCE } from "../../model/capacity.js";
import { LABELS, type PoolModel, type Toleration } from "../../model/types.js";
import type { WorkloadType } from "../../spec/index.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../../workloads/priority.js";
import { GPU_MEMORY_ANNOTATION } from "../../workloads/render/pod.js";
import { type ContainerView, gpuResources, isGpuPod, type PodView, workloadTypeLabel } from "../pods.js";
import { nodeSelectorOf, type PoolSelection, selectedPool } from "../selection.js";
import { type PodRule, type PolicyContext, pointer, type RuleHit } from "../types.js";

const SHARED = new Set(["time-slicing", "mps"]);

/** Pools that admit `type` and offer every resource in `resources`. */
function poolsFor(ctx: PolicyContext, type: string | undefined, resources: readonly string[]): PoolModel[] {
  return ctx.model.pools.filter(
    (p) =>
      (type === undefined || p.workloadTypes.includes(type as WorkloadType)) &&
      resources.every((r) => (p.capacity[0]?.resources[r] ?? 0) > 0),
  );
}

function podGpuResources(pod: PodView): string[] {
  return [...new Set(pod.containers.flatMap((c) => [...gpuResources(c).keys()]))].sort();
}

/** Production inference selecting a shared-GPU pool: reported once by AIP206, not again by AIP201. */
function productionOnShared(pod: PodView, sel: PoolSelection | undefined): boolean {
  return (
    workloadTypeLabel(pod) === "production-inference" && sel?.pool !== undefined && SHARED.has(sel.pool.sharing.method)
  );
}

const workloadType: PodRule = {
  id: "AIP200",
  title: "a GPU pod declares its workload type",
  severity: "error",
  check(pod) {
    if (!isGpuPod(pod) || workloadTypeLabel(pod) !== undefined) return [];
    return [
      {
        path: [...pod.metadataPath, "labels"],
        message: `GPU pod declares no workload type (label ${LABELS.podWorkloadType})`,
        fix: `add the label ${LABELS.podWorkloadType} with one of the types a GPU pool admits`,
      },
    ];
  },
};

const poolAdmits: PodRule = {
  id: "AIP201",
  title: "a GPU pod selects a pool that admits its workload type",
  severity: "error",
  check(pod, ctx) {
    if (!isGpuPod(pod)) return [];
    const type = workloadTypeLabel(pod);
    const sel = selectedPool(pod, ctx);
    if (productionOnShared(pod, sel)) return [];
    const candidates = poolsFor(ctx, type, podGpuResources(pod)).map((p) => p.name);
    const hint = candidates.length > 0 ? `select ${candidates.join(" or ")}` : "no pool admits it with these resources";
    if (sel === undefined) {
      const target = candidates[0];
      const has = Object.keys(nodeSelectorOf(pod)).length > 0 || pod.spec.nodeSelector !== undefined;
      return [
        {
          path: [...pod.specPath, "nodeSelector"],
          message: `GPU pod selects no pool (node selector ${LABELS.pool})`,
          fix: hint,
          allowed: candidates,
          ...(target === undefined
            ? {}
            : {
                patch: has
                  ? [{ op: "add", path: pointer([...pod.specPath, "nodeSelector", LABELS.pool]), value: target }]
                  : [{ op: "add", path: pointer([...pod.specPath, "nodeSelector"]), value: { [LABELS.pool]: target } }],
              }),
        },
      ];
    }
    if (sel.pool === undefined)
      return [
        {
          path: sel.path,
          message: `pool ${sel.name} does not exist`,
          fix: hint,
          found: sel.name,
          allowed: ctx.model.pools.map((p) => p.name),
        },
      ];
    if (type === undefined || sel.pool.workloadTypes.includes(type as WorkloadType)) return [];
    return [
      {
        path: sel.path,
        message: `pool ${sel.name} does not admit workload type ${type} (admits ${sel.pool.workloadTypes.join(", ")})`,
        fix: hint,
        found: sel.name,
        allowed: candidates,
        ...(candidates.length === 1
          ? { patch: [{ op: "replace", path: pointer(sel.path), value: candidates[0] }] }
          : {}),
      },
    ];
  },
};

const sameToleration = (a: Toleration, b: Record<string, unknown>) =>
  b.key === a.key &&
  b.effect === a.effect &&
  (a.value === undefined
    ? b.operator === "Exists" || (b.operator === "Equal" && b.value === undefined)
    : (b.operator ?? "Equal") === "Equal" && b.value === a.value);

const tolerations: PodRule = {
  id: "AIP202",
  title: "tolerations match the selected pool's taints exactly (no bare Exists on a shared key)",
  severity: "error",
  check(pod, ctx) {
    const sel = selectedPool(pod, ctx);
    if (sel?.pool === undefined || productionOnShared(pod, sel)) return [];
    const pool = sel.pool;
    const list = Array.isArray(pod.spec.tolerations) ? (pod.spec.tolerations as Record<string, unknown>[]) : [];
    const taintKeys = new Set(ctx.model.pools.flatMap((p) => p.taints.map((t) => t.key)));
    const problems: string[] = [];
    for (const t of list) {
      if (t.operator === "Exists" && (t.key === undefined || t.key === ""))
        problems.push("a toleration with operator Exists and no key tolerates every taint");
      else if (
        t.operator === "Exists" &&
        taintKeys.has(String(t.key)) &&
        !pool.tolerations.some((x) => sameToleration(x, t))
      )
        problems.push(`toleration ${String(t.key)} Exists tolerates every pool tainted ${String(t.key)}`);
    }
    const missing = pool.tolerations.filter((x) => !list.some((t) => sameToleration(x, t)));
    for (const m of missing)
      problems.push(`no toleration for ${m.key}${m.value === undefined ? "" : `=${m.value}`}:${m.effect}`);
    if (problems.length === 0) return [];
    // Keep tolerations of other taints (e.g. node.kubernetes.io/*); replace those on the platform's taint keys.
    const kept = list.filter((t) => t.key !== undefined && t.key !== "" && !taintKeys.has(String(t.key)));
    const value = [...kept, ...pool.tolerations.map((x) => ({ ...x }))];
    return [
      {
        path: [...pod.specPath, "tolerations"],
        message: `pool ${pool.name}: ${problems.join("; ")}`,
        fix: `tolerate exactly ${pool.tolerations.map((x) => `${x.key}${x.value === undefined ? "" : `=${x.value}`}:${x.effect}`).join(", ") || "nothing"}`,
        patch: [
          {
            op: list.length > 0 || pod.spec.tolerations !== undefined ? "replace" : "add",
            path: pointer([...pod.specPath, "tolerations"]),
            value,
          },
        ],
      },
    ];
  },
};

const resourceOffered: PodRule = {
  id: "AIP203",
  title: "GPU resources exist on the selected pool (a MIG profile its layout offers)",
  severity: "error",
  check(pod, ctx) {
    const sel = selectedPool(pod, ctx);
    if (sel?.pool === undefined || productionOnShared(pod, sel)) return [];
    const offered = sel.pool.capacity[0]?.resources ?? {};
    const hits: RuleHit[] = [];
    for (const c of pod.containers)
      for (const r of gpuResources(c).keys())
        if (!(r in offered))
          hits.push({
            path: [...c.paths.resources, "limits", r],
            message: `pool ${sel.pool.name} offers no ${r}${Object.keys(offered).length ? ` (it offers ${Object.keys(offered).join(", ")})` : ""}`,
            fix: Object.keys(offered).length
              ? `request one of ${Object.keys(offered).join(", ")}, or select a pool that offers ${r}`
              : `select a pool that offers ${r}`,
            found: r,
            allowed: Object.keys(offered),
          });
    return hits;
  },
};

const oneTimeSlice: PodRule = {
  id: "AIP204",
  title: "at most one time-sliced GPU per container",
  severity: "error",
  check(pod, ctx) {
    const pool = selectedPool(pod, ctx)?.pool;
    if (pool === undefined || !SHARED.has(pool.sharing.method)) return [];
    return pod.containers.flatMap((c) => {
      const n = gpuResources(c).get(GPU_RESOURCE) ?? 0;
      if (n <= 1) return [];
      const patch = (["limits", "requests"] as const)
        .filter((k) => c.resources[k]?.[GPU_RESOURCE] !== undefined)
        .map((k) => ({ op: "replace" as const, path: pointer([...c.paths.resources, k, GPU_RESOURCE]), value: "1" }));
      return [
        {
          path: [...c.paths.resources, "limits", GPU_RESOURCE],
          message: `${n} time-sliced replicas of ${pool.name} give no more compute than one and may share one GPU`,
          fix: "request 1, or move multi-GPU work to a pool without sharing",
          found: n,
          patch,
        },
      ];
    });
  },
};

/** GPU memory a container declares: the pod annotation, the memory-fraction env var, or a server flag. */
function declaredMiB(
  pod: PodView,
  c: ContainerView,
  gpuMiB: number,
): { mib: number; path: readonly (string | number)[] } | undefined {
  const ann = pod.annotations[GPU_MEMORY_ANNOTATION];
  if (ann !== undefined && !c.init)
    return { mib: Number(ann), path: [...pod.metadataPath, "annotations", GPU_MEMORY_ANNOTATION] };
  const args = (c.args ?? []).map(String);
  for (const flag of ["--gpu-memory-utilization", "--cuda-memory-fraction"]) {
    const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) continue;
    const raw = args[i]!.includes("=") ? args[i]!.split("=")[1] : args[i + 1];
    const at = args[i]!.includes("=") ? i : i + 1;
    if (raw !== undefined && Number.isFinite(Number(raw)))
      return { mib: Number(raw) * gpuMiB, path: [...c.paths.self, "args", at] };
  }
  return undefined;
}

const memoryBudget: PodRule = {
  id: "AIP205",
  title: "declared GPU memory within the replica budget",
  severity: "error",
  check(pod, ctx) {
    const pool = selectedPool(pod, ctx)?.pool;
    if (pool?.gpu === undefined) return [];
    const units = pool.capacity[0]?.units ?? [];
    return pod.containers.flatMap((c) => {
      const res = [...gpuResources(c)].filter(([r]) => units.some((u) => u.resource === r));
      if (res.length === 0) return [];
      const budget = res.reduce((s, [r, n]) => s + units.find((u) => u.resource === r)!.gpuMemoryMiB * n, 0);
      // A MIG process sees the slice as its whole device: a server flag is a fraction of the slice, not the GPU.
      const deviceMiB = pool.sharing.method === "mig" ? budget : pool.gpu!.memoryMiB;
      const d = declaredMiB(pod, c, deviceMiB);
      if (d === undefined || d.mib <= budget + 1) return [];
      return [
        {
          path: d.path,
          message: `declares ${Math.round(d.mib)} MiB of GPU memory; ${pool.name} gives ${budget} MiB to ${res.map(([r, n]) => `${n} x ${r}`).join(", ")}`,
          fix: `declare at most ${budget} MiB (a fraction of at most ${Math.floor((budget / deviceMiB) * 100) / 100})`,
          found: Math.round(d.mib),
        },
      ];
    });
  },
};

const productionIsolated: PodRule = {
  id: "AIP206",
  title: "production inference never on time-slicing",
  severity: "error",
  check(pod, ctx) {
    const sel = selectedPool(pod, ctx);
    if (!productionOnShared(pod, sel)) return [];
    const ok = ctx.model.pools.filter(
      (p) => p.workloadTypes.includes("production-inference") && !SHARED.has(p.sharing.method),
    );
    return [
      {
        path: sel!.path,
        message: `production inference on ${sel!.name}, which shares GPUs by ${sel!.pool!.sharing.method}: no memory or fault isolation between tenants`,
        fix: ok.length
          ? `select ${ok.map((p) => p.name).join(" or ")} and request a MIG slice or whole GPU`
          : "add a MIG or whole-GPU pool for production-inference",
        found: sel!.name,
        allowed: ok.map((p) => p.name),
      },
    ];
  },
};

const priority: PodRule = {
  id: "AIP207",
  title: "priority class consistent with the workload type",
  severity: "error",
  check(pod) {
    const type = workloadTypeLabel(pod) as WorkloadType | undefined;
    if (type === undefined || !pod.priorityPatchable) return [];
    const want = PRIORITY_CLASS_BY_WORKLOAD_TYPE[type];
    if (want === undefined) return [];
    const have = pod.spec.priorityClassName;
    if (have === want) return [];
    const path = [...pod.specPath, "priorityClassName"];
    return [
      {
        path,
        severity: have === undefined ? "warning" : "error",
        message:
          have === undefined
            ? `no priority class; ${type} runs at ${want}`
            : `priority class ${String(have)} for ${type}; expected ${want}`,
        fix: `set priorityClassName: ${want}`,
        ...(have === undefined ? {} : { found: have }),
        allowed: [want],
        patch: [{ op: have === undefined ? "add" : "replace", path: pointer(path), value: want }],
      },
    ];
  },
};

/** The placement rules, in ID order. */
export const PLACEMENT_RULES: readonly PodRule[] = [
  workloadType,
  poolAdmits,
  tolerations,
  resourceOffered,
  oneTimeSlice,
  memoryBudget,
  productionIsolated,
  priority,
];
