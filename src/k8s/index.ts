/** In-cluster output: typed Kubernetes manifests per component and Argo CD Applications, pure functions of the model. */
import type { PlatformModel } from "../model/index.js";
import { gpuOperatorApplication, renderGpuSharing } from "./gpu-sharing/index.js";
import { renderNodePools } from "./node-pools/index.js";
import type { ComponentManifests, GitopsApplication } from "./types.js";

export { chartApplication } from "./gitops/application.js";
export { renderGpuSharing } from "./gpu-sharing/index.js";
export { renderNodePools } from "./node-pools/index.js";
export type * from "./types.js";

/** Argo CD Applications of third-party charts, in sync-wave then name order (for now: the GPU Operator). */
export function gitopsApplications(model: PlatformModel): GitopsApplication[] {
  return [gpuOperatorApplication(model)].filter((a): a is GitopsApplication => a !== undefined);
}

/** Everything in-cluster: manifests by component (written to `k8s/<component>/`) and Applications (`gitops/`). */
export function renderKubernetes(model: PlatformModel): {
  manifests: ComponentManifests[];
  applications: GitopsApplication[];
} {
  return { manifests: [renderNodePools(model), renderGpuSharing(model)], applications: gitopsApplications(model) };
}
