/**
 * `place(workload, model)`: which pool and GPU unit a workload's pods get, and everything that follows from it
 * (node selector, tolerations, resource name and quantity, GPU memory budget and its enforcement, priority class,
 * capacity type), with a human explanation; or located findings saying why each pool was refused.
 */
import { MODEL_SERVER_FACTS, VLLM_DEFAULT_GPU_MEMORY_UTILIZATION } from "../catalog/serving.js";
import type { CapacityUnit, GpuSharing, PlatformModel, PoolModel, Toleration } from "../model/types.js";
import { LABELS } from "../model/types.js";
import type { Finding, WorkloadType } from "../spec/index.js";
import { workloadError } from "./findings.js";
import { judgePool, type PodRequest, type PoolVerdict } from "./pool-fit.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "./priority.js";
import type { CapacityPreference, Workload } from "./schema.js";

export type { PodRequest, PoolVerdict } from "./pool-fit.js";

/** How a pod's GPU memory budget is enforced. */
export interface MemoryEnforcement {
  /** `mig`/`mps`: hardware or driver; `whole-gpu`: nothing shared; `server-flag`: a server argument; `env-hook`: an env var the framework reads. */
  readonly method: "mig" | "mps" | "whole-gpu" | "server-flag" | "env-hook";
  /** Fraction of the visible GPU (a MIG slice counts as the whole device) the process may use. */
  readonly fraction: number;
  /** The server flag (`--gpu-memory-utilization`, `--cuda-memory-fraction`) for `server-flag`. */
  readonly flag?: string;
  readonly description: string;
}

/** The GPU a pod gets. */
export interface GpuAssignment {
  /** Extended resource name, e.g. `nvidia.com/mig-3g.40gb`. */
  readonly resource: string;
  /** Units per pod (requests = limits). */
  readonly quantity: number;
  readonly unit: CapacityUnit;
  readonly sharing: GpuSharing["method"];
  /** GPU memory budget of the pod, MiB. */
  readonly gpuMemoryMiB: number;
  readonly enforcement: MemoryEnforcement;
}

/** Node affinity on the capacity-type label of the pool's provisioner. */
export interface CapacityAffinity {
  readonly key: "karpenter.sh/capacity-type" | "eks.amazonaws.com/capacityType";
  readonly value: string;
  readonly required: boolean;
}

/** Where and how a workload's pods run. */
export interface Placement {
  readonly pool: string;
  readonly namespace: string;
  readonly workloadType: WorkloadType;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly gpu?: GpuAssignment;
  readonly capacityType: CapacityPreference;
  readonly capacityAffinity: CapacityAffinity;
  readonly priorityClassName: string;
  /** One line per decision, for `aiplat explain`. */
  readonly explanation: readonly string[];
}

/** A placement (when a pool fits), findings (errors stop rendering) and the verdict of every pool. */
export interface PlacementResult {
  readonly placement?: Placement;
  readonly findings: readonly Finding[];
  readonly considered: readonly PoolVerdict[];
}

/** The workload type a workload's pods declare. */
export function workloadTypeOf(w: Workload): WorkloadType {
  switch (w.kind) {
    case "Agent":
      return w.spec.critical ? "critical-agents" : "agents";
    case "BatchInference":
      return "batch-inference";
    default:
      return w.spec.workloadType;
  }
}

/** The namespace a workload renders into: its own, or the first namespace of the first team. */
export function namespaceOf(w: Workload, model: PlatformModel): string {
  return w.metadata.namespace ?? model.teams[0]?.namespaces[0] ?? "default";
}

/** What one pod of `w` asks for. */
export function podRequest(w: Workload): PodRequest {
  const base = { workloadType: workloadTypeOf(w), cpu: w.spec.resources.cpu, memory: w.spec.resources.memory };
  switch (w.kind) {
    case "TrainingJob":
      return {
        ...base,
        gpu: w.spec.gpu,
        capacity: w.spec.capacityType ?? (w.spec.checkpoint ? "spot-preferred" : "on-demand"),
      };
    case "InferenceService":
      return { ...base, gpu: w.spec.gpu, capacity: w.spec.capacityType, server: w.spec.server };
    case "BatchInference":
      return { ...base, gpu: w.spec.gpu, capacity: w.spec.capacityType };
    case "Agent":
      return { ...base, ...(w.spec.gpu ? { gpu: w.spec.gpu } : {}), capacity: "on-demand" };
  }
}

/** Places `w` on the platform `model`. */
export function place(w: Workload, model: PlatformModel): PlacementResult {
  const req = podRequest(w);
  const namespace = namespaceOf(w, model);
  const findings = workloadFindings(w, req, namespace, model);
  const considered = model.pools.map((p) => judgePool(p, req));
  const fitting = considered
    .map((v, i) => ({ v, i, pool: model.pools[i]! }))
    .filter((x) => x.v.fits)
    .sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i);
  const best = fitting[0];
  if (best === undefined) {
    findings.push(
      workloadError(
        "AIP112",
        "spec",
        `no pool can run ${w.kind} ${w.metadata.name}: ${considered.map((v) => `${v.pool} ${v.reasons.join("; ")}`).join(". ")}`,
        { allowed: considered.map((v) => v.pool) },
      ),
    );
    return { findings, considered };
  }
  return { placement: placementOn(best.pool, best.v, w, req, namespace), findings, considered };
}

/** Smaller units first: memory, then compute; a CPU pod ranks by pool order. */
function rank(v: PoolVerdict): number {
  if (v.unit === undefined) return 0;
  const q = v.quantity ?? 1;
  return v.unit.gpuMemoryMiB * q + v.unit.computeFraction * q;
}

function placementOn(pool: PoolModel, v: PoolVerdict, w: Workload, req: PodRequest, namespace: string): Placement {
  const nodeSelector = {
    [LABELS.pool]: pool.name,
    [`${LABELS.workloadTypePrefix}${req.workloadType}`]: "true",
  };
  const capacityAffinity = affinityOf(pool, req.capacity);
  const priorityClassName = PRIORITY_CLASS_BY_WORKLOAD_TYPE[req.workloadType];
  const gpu = v.unit === undefined ? undefined : assignment(pool, v.unit, v.quantity ?? 1, w);
  const explanation = [
    `pool ${pool.name}: ${v.reasons[0]}`,
    `node selector ${Object.entries(nodeSelector)
      .map(([k, val]) => `${k}=${val}`)
      .join(", ")}`,
    pool.tolerations.length === 0
      ? "no tolerations (the pool has no taints)"
      : `tolerations ${pool.tolerations.map((t) => `${t.key}${t.value === undefined ? "" : `=${t.value}`}:${t.effect}`).join(", ")} (key, value and effect exactly)`,
    ...(gpu === undefined
      ? []
      : [
          `resources ${gpu.resource}: ${gpu.quantity} (requests = limits)`,
          `GPU memory budget ${gpu.gpuMemoryMiB} MiB; ${gpu.enforcement.description}`,
        ]),
    `priority class ${priorityClassName} (${req.workloadType})`,
    `capacity ${req.capacity}: ${capacityAffinity.required ? "required" : "preferred"} node affinity ${capacityAffinity.key}=${capacityAffinity.value}`,
  ];
  return {
    pool: pool.name,
    namespace,
    workloadType: req.workloadType,
    nodeSelector,
    tolerations: pool.tolerations,
    ...(gpu === undefined ? {} : { gpu }),
    capacityType: req.capacity,
    capacityAffinity,
    priorityClassName,
    explanation,
  };
}

/** Karpenter labels nodes `karpenter.sh/capacity-type: spot|on-demand`; EKS managed node groups `eks.amazonaws.com/capacityType: SPOT|ON_DEMAND`. */
function affinityOf(pool: PoolModel, pref: CapacityPreference): CapacityAffinity {
  const spot = pref !== "on-demand";
  if (pool.provisioner === "karpenter")
    return {
      key: "karpenter.sh/capacity-type",
      value: spot ? "spot" : "on-demand",
      required: pref !== "spot-preferred",
    };
  return {
    key: "eks.amazonaws.com/capacityType",
    value: spot ? "SPOT" : "ON_DEMAND",
    required: pref !== "spot-preferred",
  };
}

function assignment(pool: PoolModel, unit: CapacityUnit, quantity: number, w: Workload): GpuAssignment {
  const gpuMiB = pool.gpu?.memoryMiB ?? unit.gpuMemoryMiB;
  const method = pool.sharing.method;
  const base = { resource: unit.resource, quantity, unit, sharing: method, gpuMemoryMiB: unit.gpuMemoryMiB * quantity };
  if (method === "mig")
    return {
      ...base,
      enforcement: {
        method: "mig",
        fraction: VLLM_DEFAULT_GPU_MEMORY_UTILIZATION,
        description: "enforced by MIG: the slice's memory is isolated in hardware",
      },
    };
  if (method === "none")
    return {
      ...base,
      enforcement: {
        method: "whole-gpu",
        fraction: VLLM_DEFAULT_GPU_MEMORY_UTILIZATION,
        description: "whole GPUs, nothing shared",
      },
    };
  // Time-slicing and MPS replicas: the budget is an equal share of the GPU (DESIGN.md section 5).
  const fraction = Math.floor((unit.gpuMemoryMiB / gpuMiB) * 100) / 100;
  if (method === "mps")
    return {
      ...base,
      enforcement: {
        method: "mps",
        fraction,
        description: "enforced by MPS: the device plugin pins each client's memory limit",
      },
    };
  const flag = w.kind === "InferenceService" ? MODEL_SERVER_FACTS[w.spec.server].memoryFractionFlag : undefined;
  if (flag !== undefined)
    return {
      ...base,
      enforcement: {
        method: "server-flag",
        fraction,
        flag,
        description: `time-slicing isolates no memory: enforced by ${flag} ${fraction} (fraction of the whole GPU)`,
      },
    };
  return {
    ...base,
    enforcement: {
      method: "env-hook",
      fraction,
      description: `time-slicing isolates no memory: AIPLAT_GPU_MEMORY_FRACTION=${fraction} for torch.cuda.set_per_process_memory_fraction (https://pytorch.org/docs/stable/generated/torch.cuda.set_per_process_memory_fraction.html)`,
    },
  };
}

function workloadFindings(w: Workload, req: PodRequest, namespace: string, model: PlatformModel): Finding[] {
  const out: Finding[] = [];
  const team = model.teams.find((t) => t.namespaces.includes(namespace));
  if (team === undefined)
    out.push(
      workloadError("AIP110", "metadata.namespace", `namespace ${namespace} belongs to no team`, {
        found: namespace,
        allowed: model.teams.flatMap((t) => t.namespaces),
      }),
    );
  else if (!team.workloadTypes.includes(req.workloadType))
    out.push(
      workloadError("AIP111", "spec", `team ${team.name} may not run ${req.workloadType} workloads`, {
        allowed: [...team.workloadTypes],
      }),
    );
  if (w.kind !== "TrainingJob") return out;
  if (w.spec.framework === "tensorflow" && !model.training.tensorflow)
    out.push(
      workloadError(
        "AIP113",
        "spec.framework",
        "framework tensorflow needs the Training Operator v1 (TFJob): set spec.training.tensorflow: true in the platform (Trainer v2 has no TensorFlow runtime)",
        { found: "tensorflow", allowed: ["pytorch", "custom"] },
      ),
    );
  if (w.spec.tuning !== undefined && !model.training.katib)
    out.push(
      workloadError(
        "AIP114",
        "spec.tuning",
        "tuning renders a Katib Experiment: set spec.training.katib: true in the platform",
      ),
    );
  if (req.capacity !== "on-demand" && w.spec.checkpoint === undefined)
    out.push(
      workloadError(
        "AIP115",
        "spec.capacityType",
        `capacity ${req.capacity} can be interrupted with a 2-minute notice: add spec.checkpoint so the job resumes`,
        { found: req.capacity, allowed: ["on-demand"] },
      ),
    );
  if (w.spec.checkpoint?.storageClass === "io2" && w.spec.workers > 1)
    out.push(
      workloadError(
        "AIP116",
        "spec.checkpoint.storageClass",
        `an io2 volume attaches to one node (ReadWriteOnce); ${w.spec.workers} workers need efs`,
        { found: "io2", allowed: ["efs"] },
      ),
    );
  return out;
}
