/**
 * Pod templates inside any manifest: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, PyTorchJob,
 * TFJob, MPIJob, Trainer v2 TrainJob (trainer + runtimePatches) and Katib Experiments (their trialSpec). Each comes
 * with the JSON path of every field rules read, so a finding and its patch point into the original object.
 */
import { LABELS } from "../model/types.js";

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

/** A container as rules read it, with the paths of its fields. */
export interface ContainerView {
  readonly name: string;
  readonly image?: unknown;
  readonly resources: { readonly requests?: Obj; readonly limits?: Obj };
  readonly securityContext?: Obj;
  readonly env?: readonly Obj[];
  readonly args?: readonly unknown[];
  readonly command?: readonly unknown[];
  readonly ports?: readonly Obj[];
  readonly volumeMounts?: readonly Obj[];
  readonly init: boolean;
  readonly paths: {
    readonly self: Path;
    readonly resources: Path;
    readonly image: Path;
    readonly securityContext: Path;
  };
}

/** One pod template of an object. */
export interface PodView {
  /** The top-level object. */
  readonly object: Obj;
  readonly kind: string;
  readonly namespace?: string;
  /** Replica role (Master, Worker, ...) or trial, for messages. */
  readonly role?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec fields (for TrainJob, the runtime patch's). */
  readonly spec: Obj;
  /** Path of the pod spec (nodeSelector, tolerations, ... live under it). */
  readonly specPath: Path;
  /** Path of the pod template's metadata. */
  readonly metadataPath: Path;
  readonly containers: readonly ContainerView[];
  /** Whether `priorityClassName` can be set here (a TrainJob's runtime owns it). */
  readonly priorityPatchable: boolean;
  /** Whether the object runs to completion (Job-like): spot interruptions need checkpoints. */
  readonly isJob: boolean;
}

const TEMPLATE_KINDS: Readonly<Record<string, boolean>> = {
  Deployment: false,
  StatefulSet: false,
  DaemonSet: false,
  ReplicaSet: false,
  ReplicationController: false,
  Job: true,
  PodTemplate: false,
};
const REPLICA_SPECS: Readonly<Record<string, string>> = {
  PyTorchJob: "pytorchReplicaSpecs",
  TFJob: "tfReplicaSpecs",
  MPIJob: "mpiReplicaSpecs",
  XGBoostJob: "xgbReplicaSpecs",
  PaddleJob: "paddleReplicaSpecs",
  JAXJob: "jaxReplicaSpecs",
};

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const strMap = (v: unknown): Record<string, string> => (isObj(v) ? (v as Record<string, string>) : {});
const get = (o: unknown, ...keys: string[]): unknown => {
  let cur = o;
  for (const k of keys) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
};

/** Every pod template of `object`. */
export function podViews(object: unknown): PodView[] {
  if (!isObj(object)) return [];
  const ns =
    typeof get(object, "metadata", "namespace") === "string" ? String(get(object, "metadata", "namespace")) : undefined;
  return extract(object, object, [], ns);
}

function extract(top: Obj, o: Obj, base: Path, ns: string | undefined, role?: string): PodView[] {
  const kind = String(o.kind ?? "");
  if (kind === "Pod") return [fromTemplate(top, o, base, ns, kind, false, role)];
  const at = (rel: Path, isJob: boolean, r?: string) => template(top, o, base, rel, ns, kind, isJob, r);
  if (kind in TEMPLATE_KINDS) return at(["spec", "template"], TEMPLATE_KINDS[kind]!, role);
  if (kind === "CronJob") return at(["spec", "jobTemplate", "spec", "template"], true, role);
  const replicaKey = REPLICA_SPECS[kind];
  if (replicaKey !== undefined) {
    const specs = strMapObj(get(o, "spec", replicaKey));
    return Object.keys(specs)
      .sort()
      .flatMap((r) => at(["spec", replicaKey, r, "template"], true, role ?? r));
  }
  if (kind === "TrainJob") return trainJob(top, o, base, ns, role);
  if (kind === "Experiment") {
    const trial = get(o, "spec", "trialTemplate", "trialSpec");
    return isObj(trial) ? extract(top, trial, [...base, "spec", "trialTemplate", "trialSpec"], ns, "trial") : [];
  }
  return [];
}

function strMapObj(v: unknown): Record<string, Obj> {
  return isObj(v) ? (v as Record<string, Obj>) : {};
}

/** The pod template at `rel` inside `o`, which sits at `base` inside `top` (a Katib trialSpec is nested). */
function template(
  top: Obj,
  o: Obj,
  base: Path,
  rel: Path,
  ns: string | undefined,
  kind: string,
  isJob: boolean,
  role?: string,
): PodView[] {
  const t = get(o, ...rel.map(String));
  return isObj(t) ? [fromTemplate(top, t, [...base, ...rel], ns, kind, isJob, role)] : [];
}

function fromTemplate(
  top: Obj,
  t: Obj,
  path: Path,
  ns: string | undefined,
  kind: string,
  isJob: boolean,
  role?: string,
): PodView {
  const spec = isObj(t.spec) ? t.spec : {};
  const specPath = [...path, "spec"];
  const containers = [
    ...containerViews(spec.initContainers, [...specPath, "initContainers"], true),
    ...containerViews(spec.containers, [...specPath, "containers"], false),
  ];
  return {
    object: top,
    kind: String(top.kind ?? kind),
    ...(ns === undefined ? {} : { namespace: ns }),
    ...(role === undefined ? {} : { role }),
    labels: strMap(get(t, "metadata", "labels")),
    annotations: strMap(get(t, "metadata", "annotations")),
    spec,
    specPath,
    metadataPath: [...path, "metadata"],
    containers,
    priorityPatchable: true,
    isJob: isJob || String(top.kind) === "Experiment",
  };
}

function containerViews(list: unknown, path: Path, init: boolean): ContainerView[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).map((c, i) => {
    const self = [...path, i];
    return {
      name: String(c.name ?? `#${i}`),
      image: c.image,
      resources: isObj(c.resources) ? (c.resources as ContainerView["resources"]) : {},
      ...(isObj(c.securityContext) ? { securityContext: c.securityContext } : {}),
      ...(Array.isArray(c.env) ? { env: c.env.filter(isObj) } : {}),
      ...(Array.isArray(c.args) ? { args: c.args } : {}),
      ...(Array.isArray(c.command) ? { command: c.command } : {}),
      ...(Array.isArray(c.ports) ? { ports: c.ports.filter(isObj) } : {}),
      ...(Array.isArray(c.volumeMounts) ? { volumeMounts: c.volumeMounts.filter(isObj) } : {}),
      init,
      paths: {
        self,
        resources: [...self, "resources"],
        image: [...self, "image"],
        securityContext: [...self, "securityContext"],
      },
    };
  });
}

/**
 * A Trainer v2 TrainJob: the container's image, resources and env are in `spec.trainer`; scheduling fields and
 * security contexts are in the `runtimePatches` entry that patches the runtime's pod template.
 */
function trainJob(top: Obj, o: Obj, base: Path, ns: string | undefined, role?: string): PodView[] {
  const trainer = isObj(get(o, "spec", "trainer")) ? (get(o, "spec", "trainer") as Obj) : {};
  const patches = Array.isArray(get(o, "spec", "runtimePatches"))
    ? (get(o, "spec", "runtimePatches") as unknown[])
    : [];
  let patchPath: Path | undefined;
  let tmpl: Obj = {};
  for (const [pi, p] of patches.entries()) {
    const jobs = get(p, "trainingRuntimeSpec", "template", "spec", "replicatedJobs");
    if (!Array.isArray(jobs)) continue;
    for (const [ji, j] of jobs.entries()) {
      const t = get(j, "template", "spec", "template");
      if (!isObj(t)) continue;
      patchPath = [
        ...base,
        "spec",
        "runtimePatches",
        pi,
        "trainingRuntimeSpec",
        "template",
        "spec",
        "replicatedJobs",
        ji,
        "template",
        "spec",
        "template",
      ];
      tmpl = t;
    }
  }
  const tPath = patchPath ?? [
    ...base,
    "spec",
    "runtimePatches",
    0,
    "trainingRuntimeSpec",
    "template",
    "spec",
    "replicatedJobs",
    0,
    "template",
    "spec",
    "template",
  ];
  const spec = isObj(tmpl.spec) ? tmpl.spec : {};
  const patched = Array.isArray(spec.containers) ? spec.containers.filter(isObj) : [];
  const ci = Math.max(
    0,
    patched.findIndex((c) => c.name === "node"),
  );
  const pc = patched[ci] ?? {};
  const tp = [...base, "spec", "trainer"];
  const container: ContainerView = {
    name: "node",
    image: trainer.image,
    resources: isObj(trainer.resourcesPerNode) ? (trainer.resourcesPerNode as ContainerView["resources"]) : {},
    ...(isObj(pc.securityContext) ? { securityContext: pc.securityContext } : {}),
    ...(Array.isArray(trainer.env) ? { env: trainer.env.filter(isObj) } : {}),
    ...(Array.isArray(trainer.args) ? { args: trainer.args } : {}),
    ...(Array.isArray(pc.volumeMounts) ? { volumeMounts: pc.volumeMounts.filter(isObj) } : {}),
    init: false,
    paths: {
      self: [...tPath, "spec", "containers", ci],
      resources: [...tp, "resourcesPerNode"],
      image: [...tp, "image"],
      securityContext: [...tPath, "spec", "containers", ci, "securityContext"],
    },
  };
  return [
    {
      object: top,
      kind: String(top.kind ?? "TrainJob"),
      ...(ns === undefined ? {} : { namespace: ns }),
      ...(role === undefined ? {} : { role }),
      labels: { ...strMap(get(o, "metadata", "labels")), ...strMap(get(tmpl, "metadata", "labels")) },
      annotations: strMap(get(tmpl, "metadata", "annotations")),
      spec,
      specPath: [...tPath, "spec"],
      metadataPath: [...tPath, "metadata"],
      containers: [container],
      priorityPatchable: false,
      isJob: true,
    },
  ];
}

/** The pod's declared workload type (`eks-ai-platform/workload-type` label). */
export function workloadTypeLabel(pod: PodView): string | undefined {
  return pod.labels[LABELS.podWorkloadType];
}

/** Extended resources (`nvidia.com/...`) a container asks for, with quantity (limits first, then requests). */
export function gpuResources(c: ContainerView): Map<string, number> {
  const out = new Map<string, number>();
  for (const src of [c.resources.requests, c.resources.limits]) {
    if (!isObj(src)) continue;
    for (const [k, v] of Object.entries(src)) if (k.startsWith("nvidia.com/")) out.set(k, Number(v));
  }
  return out;
}

const gpuPods = new WeakMap<PodView, boolean>();

/** True when any container asks for an NVIDIA resource. */
export function isGpuPod(pod: PodView): boolean {
  let gpu = gpuPods.get(pod);
  if (gpu === undefined) {
    gpu = pod.containers.some((c) => gpuResources(c).size > 0);
    gpuPods.set(pod, gpu);
  }
  return gpu;
}
