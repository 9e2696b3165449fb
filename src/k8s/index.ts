/** In-cluster output: typed Kubernetes manifests per component and Argo CD Applications, pure functions of the model. */
import type { PlatformModel } from "../model/index.js";
import { renderBase } from "./base.js";
import { baseComponents } from "./base-components.js";
import { gatewayComponents, renderPlatformGateway } from "./gateway/platform.js";
import { gitopsRoot } from "./gitops/root.js";
import { gpuOperatorApplication, renderGpuSharing } from "./gpu-sharing/index.js";
import { renderNodePools } from "./node-pools/index.js";
import { renderScheduling } from "./scheduling/index.js";
import { renderServices, servicesComponents } from "./services.js";
import type { ComponentManifests, GitopsApplication } from "./types.js";

export { chartApplication } from "./gitops/application.js";
export { renderGpuSharing } from "./gpu-sharing/index.js";
export { renderNodePools } from "./node-pools/index.js";
export type * from "./types.js";

/** Argo CD Applications of third-party charts, in sync-wave then name order (for now: the GPU Operator). */
export function gitopsApplications(model: PlatformModel): GitopsApplication[] {
  return [gpuOperatorApplication(model)].filter((a): a is GitopsApplication => a !== undefined);
}

/**
 * Everything in-cluster: manifests by component (written to `k8s/<component>/`) and Applications (`gitops/`): the
 * app-of-apps root, one Application per component of ours and one per third-party chart, in sync-wave order.
 */
export function renderKubernetes(model: PlatformModel): {
  manifests: ComponentManifests[];
  applications: GitopsApplication[];
} {
  const base = renderBase(model);
  const services = renderServices(model);
  const scheduling = renderScheduling(model);
  const gateway = renderPlatformGateway(model);
  const manifests = [
    ...base.manifests,
    renderNodePools(model),
    renderGpuSharing(model),
    ...services.manifests,
    ...(scheduling ? [scheduling] : []),
    ...(gateway ? [gateway] : []),
  ].filter((c) => c.files.some((f) => f.objects.length > 0));
  const charts = [...base.charts, ...gitopsApplications(model), ...services.charts];
  return {
    manifests,
    applications: gitopsRoot(
      model,
      manifests.map((c) => c.component),
      charts,
    ),
  };
}

/** The model with every in-cluster component listed (the base's charts join the ones the model settles itself). */
export function withAllComponents(model: PlatformModel): PlatformModel {
  const known = new Set(model.components.map((c) => c.name));
  const added = [...baseComponents(model), ...servicesComponents(model), ...gatewayComponents(model)].filter(
    (c) => !known.has(c.name),
  );
  return { ...model, components: [...model.components, ...added] };
}
