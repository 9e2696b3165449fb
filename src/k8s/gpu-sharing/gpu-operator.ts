/** The NVIDIA GPU Operator, installed by an Argo CD Application from its pinned chart with typed values. */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { chartApplication } from "../gitops/application.js";
import type { GitopsApplication } from "../types.js";
import { gpuOperatorValues } from "./gpu-operator-values.js";

/** Component name of the GPU Operator in the model (`model.components`) and its Application name. */
export const GPU_OPERATOR = "gpu-operator";

/**
 * Sync wave of the GPU Operator Application: 0, with the other operators, so its ClusterPolicy CRD exists before
 * anything that needs it. The ConfigMaps it reads may come in a later wave: until they exist the device-plugin and
 * MIG-manager pods restart and retry, and their config managers pick up later changes.
 */
export const GPU_OPERATOR_SYNC_WAVE = 0;

/** Namespace the GPU Operator runs in, or undefined when the model installs no GPU Operator (no GPU pool). */
export function gpuOperatorNamespace(model: PlatformModel): string | undefined {
  return model.components.find((c) => c.name === GPU_OPERATOR)?.namespace;
}

/**
 * The GPU Operator Application, or undefined without GPU pools. Its namespace is labelled Pod Security `privileged`:
 * the operands are privileged host-level DaemonSets (driver validation, device plugin, MIG manager).
 * https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export function gpuOperatorApplication(model: PlatformModel): GitopsApplication | undefined {
  const namespace = gpuOperatorNamespace(model);
  if (namespace === undefined) return undefined;
  return {
    name: GPU_OPERATOR,
    application: chartApplication({
      name: GPU_OPERATOR,
      chart: CHARTS[GPU_OPERATOR],
      namespace,
      values: gpuOperatorValues(model),
      syncWave: GPU_OPERATOR_SYNC_WAVE,
      namespaceLabels: { "pod-security.kubernetes.io/enforce": "privileged" },
    }),
  };
}
