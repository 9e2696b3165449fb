/**
 * The `training` component: Kubeflow Trainer v2 with the `torch-distributed` runtime (always: TrainJob is the
 * PyTorch default), the Training Operator v1 when TFJob (or PyTorchJob) is wanted, since Trainer v2 has no TensorFlow
 * runtime, and Katib for hyperparameter tuning (slated for deprecation in favour of a Trainer optimisation API).
 */
import { KUSTOMIZE_SOURCES } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { kustomizeApplication } from "../gitops/kustomize-application.js";
import type { ComponentManifests, GitopsApplication } from "../types.js";
import { torchDistributedRuntime } from "./runtime.js";

export * from "../gitops/kustomize-application.js";
export * from "./runtime.js";

/** Component (folder) name. */
export const TRAINING_COMPONENT = "training";

/** Whether the Training Operator v1 is installed: TensorFlow on, or PyTorch on PyTorchJob. */
export function needsTrainingOperator(model: PlatformModel): boolean {
  return model.training.tensorflow || model.training.pytorch === "training-operator";
}

/** The training operators' Applications. */
export function trainingApplications(model: PlatformModel): GitopsApplication[] {
  const apps = [kustomizeApplication(model, "trainer", KUSTOMIZE_SOURCES.trainer)];
  if (needsTrainingOperator(model)) {
    apps.push(kustomizeApplication(model, "training-operator", KUSTOMIZE_SOURCES["training-operator"]));
  }
  if (model.training.katib) apps.push(kustomizeApplication(model, "katib", KUSTOMIZE_SOURCES.katib));
  return apps;
}

/** The training manifests (the runtime) and the operators' Applications. */
export function renderTraining(model: PlatformModel): {
  manifests: ComponentManifests;
  applications: GitopsApplication[];
} {
  return {
    manifests: {
      component: TRAINING_COMPONENT,
      files: [{ name: "cluster-training-runtimes", objects: [torchDistributedRuntime()] }],
    },
    applications: trainingApplications(model),
  };
}
