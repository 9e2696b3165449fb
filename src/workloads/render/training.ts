/**
 * TrainingJob -> Kubeflow Trainer v2 TrainJob (PyTorch), Training Operator v1 PyTorchJob (when the platform runs the
 * v1 operator) or TFJob (TensorFlow), or a batch/v1 Job (custom); a checkpoint PVC; a Katib Experiment around the job
 * when it is tuned. Sources: https://www.kubeflow.org/docs/components/trainer/ (TrainJob `runtimeRef`, `trainer`,
 * `runtimePatches`, the `torch-distributed` ClusterTrainingRuntime with its `node` job and container),
 * https://www.kubeflow.org/docs/components/katib/user-guides/hp-tuning/configure-experiment/ (trialTemplate).
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import { SPOT_INTERRUPTION_NOTICE_SECONDS } from "../../catalog/serving.js";
import type { KubeObject } from "../../k8s/types.js";
import type { PlatformModel } from "../../model/types.js";
import type { Placement } from "../place.js";
import { CHECKPOINT_STORAGE_CLASSES } from "../platform-endpoints.js";
import type { TrainingJob } from "../schema.js";
import { containerSecurityContext, envList, gpuEnv, objectMeta, podTemplate, resources, scratch, shm } from "./pod.js";

/** The ClusterTrainingRuntime Trainer v2 installs for PyTorch, and its job and container name. */
export const TORCH_RUNTIME = { name: "torch-distributed", job: "node", container: "node" } as const;
/** Env var with the checkpoint directory the training code saves to and resumes from. */
export const CHECKPOINT_DIR_ENV = "AIPLAT_CHECKPOINT_DIR";

/** The objects of a training job, the checkpoint PVC first. */
export function renderTraining(w: TrainingJob, p: Placement, model: PlatformModel): KubeObject[] {
  const pvc = w.spec.checkpoint ? [checkpointClaim(w, p)] : [];
  const tuned = w.spec.tuning !== undefined;
  const job = jobObject(w, p, model, tuned);
  return [...pvc, tuned ? experiment(w, p, job) : job];
}

/** The container args, with one `--<name>=${trialParameters.<name>}` per tuned parameter. */
function args(w: TrainingJob): string[] {
  const tuned = (w.spec.tuning?.parameters ?? []).map((x) => `--${x.name}=\${trialParameters.${x.name}}`);
  return [...w.spec.args, ...tuned];
}

function checkpointEnv(w: TrainingJob, tuned: boolean): IEnvVar[] {
  const c = w.spec.checkpoint;
  if (!c) return [];
  // Trials of one experiment must not resume from each other's checkpoints: one folder per trial.
  return [{ name: CHECKPOINT_DIR_ENV, value: tuned ? `${c.mountPath}/\${trialParameters.trialName}` : c.mountPath }];
}

function volumes(w: TrainingJob): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const s = scratch();
  const m = shm();
  const vols: IVolume[] = [s.volume, m.volume];
  const mounts: IVolumeMount[] = [s.mount, m.mount];
  if (w.spec.checkpoint) {
    vols.push({ name: "checkpoints", persistentVolumeClaim: { claimName: `${w.metadata.name}-checkpoints` } });
    mounts.push({ name: "checkpoints", mountPath: w.spec.checkpoint.mountPath });
  }
  return { volumes: vols, mounts };
}

function env(w: TrainingJob, p: Placement, tuned: boolean): IEnvVar[] {
  return [...envList(w.spec.env), ...scratch().env, ...gpuEnv(p), ...checkpointEnv(w, tuned)];
}

/** Long enough to save a checkpoint on the spot notice; the Kubernetes default (30 s) without checkpoints. */
function grace(w: TrainingJob): number | undefined {
  return w.spec.checkpoint ? SPOT_INTERRUPTION_NOTICE_SECONDS : undefined;
}

function container(w: TrainingJob, p: Placement, name: string, tuned: boolean): IContainer {
  const a = args(w);
  return {
    name,
    image: w.spec.image,
    ...(w.spec.command ? { command: [...w.spec.command] } : {}),
    ...(a.length > 0 ? { args: a } : {}),
    env: env(w, p, tuned),
    resources: resources(w, p),
    securityContext: containerSecurityContext(),
    volumeMounts: volumes(w).mounts,
  };
}

function template(w: TrainingJob, p: Placement, name: string, tuned: boolean, restart: "OnFailure" | "Never") {
  const g = grace(w);
  return podTemplate(w, p, {
    containers: [container(w, p, name, tuned)],
    volumes: volumes(w).volumes,
    restartPolicy: restart,
    ...(g === undefined ? {} : { terminationGracePeriodSeconds: g }),
  });
}

function jobObject(w: TrainingJob, p: Placement, model: PlatformModel, tuned: boolean): KubeObject {
  const meta = objectMeta(w, p);
  const n = w.spec.workers;
  if (w.spec.framework === "pytorch" && model.training.pytorch === "trainer-v2") return trainJob(w, p, tuned);
  if (w.spec.framework === "pytorch" || w.spec.framework === "tensorflow") {
    const pt = w.spec.framework === "pytorch";
    // The v1 operator requires these container names: it finds the training container by them.
    const t = template(w, p, pt ? "pytorch" : "tensorflow", tuned, "OnFailure");
    const replica = (replicas: number) => ({ replicas, restartPolicy: "OnFailure", template: t });
    const specs = pt ? { Master: replica(1), ...(n > 1 ? { Worker: replica(n - 1) } : {}) } : { Worker: replica(n) };
    return {
      apiVersion: "kubeflow.org/v1",
      kind: pt ? "PyTorchJob" : "TFJob",
      metadata: meta,
      spec: {
        runPolicy: { backoffLimit: w.spec.maxRestarts, cleanPodPolicy: "None" },
        [pt ? "pytorchReplicaSpecs" : "tfReplicaSpecs"]: specs,
      },
    };
  }
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta,
    spec: {
      backoffLimit: w.spec.maxRestarts,
      completions: n,
      parallelism: n,
      completionMode: "Indexed",
      // A spot interruption or preemption marks the pod DisruptionTarget: retry it without spending backoffLimit.
      // https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
      podFailurePolicy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] }] },
      template: template(w, p, "training", tuned, "Never"),
    },
  };
}

/**
 * A Trainer v2 TrainJob. The runtime owns the JobSet (restart policy, failure policy, priority); placement goes in
 * through `runtimePatches`, the only fields a TrainJob may change in the runtime's pod template.
 */
function trainJob(w: TrainingJob, p: Placement, tuned: boolean): KubeObject {
  const t: IPodTemplateSpec = template(w, p, TORCH_RUNTIME.container, tuned, "OnFailure");
  const s = t.spec!;
  const c = s.containers[0]!;
  return {
    apiVersion: "trainer.kubeflow.org/v1alpha1",
    kind: "TrainJob",
    metadata: objectMeta(w, p),
    spec: {
      runtimeRef: { name: TORCH_RUNTIME.name },
      trainer: {
        image: w.spec.image,
        ...(w.spec.command ? { command: [...w.spec.command] } : {}),
        ...(c.args ? { args: c.args } : {}),
        env: c.env,
        numNodes: w.spec.workers,
        resourcesPerNode: c.resources,
      },
      runtimePatches: [
        {
          manager: "eks-ai-platform",
          trainingRuntimeSpec: {
            template: {
              spec: {
                replicatedJobs: [
                  {
                    name: TORCH_RUNTIME.job,
                    template: {
                      spec: {
                        template: {
                          metadata: t.metadata,
                          spec: {
                            nodeSelector: s.nodeSelector,
                            ...(s.tolerations ? { tolerations: s.tolerations } : {}),
                            affinity: s.affinity,
                            securityContext: s.securityContext,
                            ...(s.terminationGracePeriodSeconds === undefined
                              ? {}
                              : { terminationGracePeriodSeconds: s.terminationGracePeriodSeconds }),
                            volumes: s.volumes,
                            containers: [
                              {
                                name: TORCH_RUNTIME.container,
                                securityContext: c.securityContext,
                                volumeMounts: c.volumeMounts,
                              },
                            ],
                          },
                        },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
      ],
    },
  };
}

function checkpointClaim(w: TrainingJob, p: Placement): KubeObject {
  const c = w.spec.checkpoint!;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: objectMeta(w, p, `${w.metadata.name}-checkpoints`),
    spec: {
      // EFS is shared by every worker; an io2 volume attaches to one node (a single-worker job).
      accessModes: [c.storageClass === "efs" ? "ReadWriteMany" : "ReadWriteOnce"],
      storageClassName: CHECKPOINT_STORAGE_CLASSES[c.storageClass],
      resources: { requests: { storage: String(c.size) } },
    },
  };
}

/** Katib substitutes the trial's name for this metadata reference (a Katib placeholder, not a JS template). */
const KATIB_TRIAL_NAME = ["$", "{trialSpec.Name}"].join("");

/** Katib's success/failure conditions (gjson paths on the trial's status) and primary container per job kind. */
const TRIAL_KINDS: Readonly<Record<string, { success: string; failure: string; container: string }>> = {
  TrainJob: {
    success: 'status.conditions.#(type=="Complete")#|#(status=="True")#',
    failure: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
    container: TORCH_RUNTIME.container,
  },
  PyTorchJob: {
    success: 'status.conditions.#(type=="Succeeded")#|#(status=="True")#',
    failure: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
    container: "pytorch",
  },
  TFJob: {
    success: 'status.conditions.#(type=="Succeeded")#|#(status=="True")#',
    failure: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
    container: "tensorflow",
  },
  Job: {
    success: 'status.conditions.#(type=="Complete")#|#(status=="True")#',
    failure: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
    container: "training",
  },
};

function experiment(w: TrainingJob, p: Placement, job: KubeObject): KubeObject {
  const t = w.spec.tuning!;
  const kind = TRIAL_KINDS[job.kind]!;
  const { metadata: _m, ...trialSpec } = job;
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: objectMeta(w, p),
    spec: {
      objective: {
        type: t.objective.type,
        objectiveMetricName: t.objective.metric,
        ...(t.objective.goal === undefined ? {} : { goal: t.objective.goal }),
      },
      algorithm: { algorithmName: t.algorithm },
      parallelTrialCount: t.parallelTrials,
      maxTrialCount: t.maxTrials,
      maxFailedTrialCount: t.maxFailedTrials,
      metricsCollectorSpec: { collector: { kind: "StdOut" } },
      parameters: t.parameters.map((x) => ({
        name: x.name,
        parameterType: x.type,
        feasibleSpace:
          x.values !== undefined
            ? { list: x.values.map(String) }
            : {
                ...(x.min === undefined ? {} : { min: String(x.min) }),
                ...(x.max === undefined ? {} : { max: String(x.max) }),
              },
      })),
      trialTemplate: {
        primaryContainerName: kind.container,
        successCondition: kind.success,
        failureCondition: kind.failure,
        trialParameters: [
          ...t.parameters.map((x) => ({ name: x.name, reference: x.name, description: `hyperparameter ${x.name}` })),
          ...(w.spec.checkpoint
            ? [{ name: "trialName", reference: KATIB_TRIAL_NAME, description: "checkpoint folder" }]
            : []),
        ],
        trialSpec: { ...trialSpec, metadata: { labels: job.metadata.labels } },
      },
    },
  };
}
