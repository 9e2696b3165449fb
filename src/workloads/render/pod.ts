/**
 * The pod template every workload kind shares: placement (node selector, tolerations, capacity-type affinity,
 * priority class), GPU resources with requests = limits, the GPU memory budget as env and annotation, and a Pod
 * Security `restricted`-compliant security context
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
 */

import type { IAffinity } from "kubernetes-models/v1/Affinity";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import { restrictedContainerSecurityContext } from "../../k8s/security-context.js";
import { LABELS } from "../../model/types.js";
import type { Placement } from "../place.js";
import type { Workload } from "../schema.js";

/** Pod annotation carrying the GPU memory the pod may use, MiB (policy compares it with the pool's budget). */
export const GPU_MEMORY_ANNOTATION = "eks-ai-platform/gpu-memory-mib";
/** Label naming the workload an object belongs to. */
export const WORKLOAD_LABEL = "eks-ai-platform/workload";
/** Env var with the GPU memory fraction a framework should cap itself at (PyTorch hook, see place.ts). */
export const GPU_MEMORY_FRACTION_ENV = "AIPLAT_GPU_MEMORY_FRACTION";
/** Env var with the GPU memory budget, MiB. */
export const GPU_MEMORY_MIB_ENV = "AIPLAT_GPU_MEMORY_MIB";

/** The unprivileged user every container runs as (restricted requires non-root; many images default to root). */
const RUN_AS = 1000;

/** Labels of every object rendered for `w`. */
export function workloadLabels(w: Workload, p: Placement): Record<string, string> {
  return {
    ...w.metadata.labels,
    "app.kubernetes.io/name": w.metadata.name,
    "app.kubernetes.io/managed-by": "eks-ai-platform",
    [WORKLOAD_LABEL]: w.metadata.name,
    [LABELS.podWorkloadType]: p.workloadType,
  };
}

/** The selector labels of a workload's pods (stable across updates). */
export function selectorLabels(w: Workload): Record<string, string> {
  return { [WORKLOAD_LABEL]: w.metadata.name };
}

/** Metadata of a namespaced object of `w`. */
export function objectMeta(w: Workload, p: Placement, name = w.metadata.name) {
  return { name, namespace: p.namespace, labels: workloadLabels(w, p) };
}

/** Options of a pod template. */
export interface PodOptions {
  readonly containers: readonly IContainer[];
  readonly initContainers?: readonly IContainer[];
  readonly volumes?: readonly IVolume[];
  /** Default: the Kubernetes default (30 s); jobs with checkpoints pass at least 120 for the spot notice. */
  readonly terminationGracePeriodSeconds?: number;
  /** Default: unset (Always for Deployments). */
  readonly restartPolicy?: "Always" | "OnFailure" | "Never";
}

/** A pod template placed by `p`. */
export function podTemplate(w: Workload, p: Placement, o: PodOptions): IPodTemplateSpec {
  const spec: IPodSpec = {
    ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
    priorityClassName: p.priorityClassName,
    nodeSelector: { ...p.nodeSelector },
    ...(p.tolerations.length > 0 ? { tolerations: p.tolerations.map((t) => ({ ...t })) } : {}),
    affinity: affinity(p),
    securityContext: podSecurityContext(),
    ...(o.terminationGracePeriodSeconds === undefined
      ? {}
      : { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds }),
    ...(o.initContainers && o.initContainers.length > 0 ? { initContainers: [...o.initContainers] } : {}),
    containers: [...o.containers],
    ...(o.volumes && o.volumes.length > 0 ? { volumes: [...o.volumes] } : {}),
  };
  return {
    metadata: {
      labels: { ...workloadLabels(w, p), ...selectorLabels(w) },
      annotations: podAnnotations(p),
    },
    spec,
  };
}

/** Annotations recording the placement on the pod. */
export function podAnnotations(p: Placement): Record<string, string> {
  return {
    [LABELS.pool]: p.pool,
    ...(p.gpu ? { [GPU_MEMORY_ANNOTATION]: String(p.gpu.gpuMemoryMiB) } : {}),
  };
}

/** The capacity-type node affinity of `p`. */
export function affinity(p: Placement): IAffinity {
  const term = {
    matchExpressions: [{ key: p.capacityAffinity.key, operator: "In" as const, values: [p.capacityAffinity.value] }],
  };
  return {
    nodeAffinity: p.capacityAffinity.required
      ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: term }] },
  };
}

/** Pod-level security context of the restricted profile. */
export function podSecurityContext(): NonNullable<IPodSpec["securityContext"]> {
  return {
    runAsNonRoot: true,
    runAsUser: RUN_AS,
    runAsGroup: RUN_AS,
    fsGroup: RUN_AS,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container-level security context of the restricted profile. */
export function containerSecurityContext(): NonNullable<IContainer["securityContext"]> {
  return restrictedContainerSecurityContext();
}

/** Requests = limits for CPU, memory and the GPU (extended resources cannot be overcommitted anyway). */
export function resources(w: Workload, p: Placement): NonNullable<IContainer["resources"]> {
  const r: Record<string, string> = { cpu: String(w.spec.resources.cpu), memory: String(w.spec.resources.memory) };
  if (p.gpu) r[p.gpu.resource] = String(p.gpu.quantity);
  return { requests: { ...r }, limits: { ...r } };
}

/** Env vars of the GPU memory budget (empty without a GPU). */
export function gpuEnv(p: Placement): IEnvVar[] {
  if (!p.gpu) return [];
  return [
    { name: GPU_MEMORY_MIB_ENV, value: String(p.gpu.gpuMemoryMiB) },
    { name: GPU_MEMORY_FRACTION_ENV, value: String(p.gpu.enforcement.fraction) },
  ];
}

/** A record of env vars as a sorted EnvVar list (deterministic output). */
export function envList(env: Readonly<Record<string, string>>): IEnvVar[] {
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name]! }));
}

/** A writable scratch volume at /tmp (HOME and caches point there, since root filesystems may be read-only). */
export function scratch(): { volume: IVolume; mount: IVolumeMount; env: IEnvVar[] } {
  return {
    volume: { name: "tmp", emptyDir: {} },
    mount: { name: "tmp", mountPath: "/tmp" },
    env: [
      { name: "HOME", value: "/tmp" },
      { name: "HF_HOME", value: "/tmp/hf" },
    ],
  };
}

/** Shared memory for NCCL and tensor parallelism: the container runtime's 64 MiB default is too small. */
export function shm(): { volume: IVolume; mount: IVolumeMount } {
  return {
    volume: { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "16Gi" } },
    mount: { name: "dshm", mountPath: "/dev/shm" },
  };
}
