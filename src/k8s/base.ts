/**
 * The in-cluster base (issue 4): tenancy, network policies, mesh, ingress, storage classes and secrets as manifests
 * per component, and the Argo CD app-of-apps that delivers them with their charts in sync-wave order.
 */
import type { PlatformModel } from "../model/index.js";
import { type ChartAppSpec, chartApp } from "./gitops/platform-application.js";
import { gitopsRoot } from "./gitops/root.js";
import { renderIngress } from "./ingress/index.js";
import { renderMesh } from "./mesh/index.js";
import { renderNetworkPolicies } from "./network-policy/index.js";
import { renderSecrets } from "./secrets/index.js";
import { renderStorageClasses, snapshotApplications } from "./storage-classes/index.js";
import { renderTenancy } from "./tenancy/index.js";
import type { ComponentManifests, GitopsApplication } from "./types.js";

/** Everything the base renders, before it is written. */
export interface BaseOutput {
  /** Manifests per component (components without objects are left out). */
  readonly manifests: ComponentManifests[];
  /** The root Application, one per component of `manifests`, and one per chart, in sync-wave order. */
  readonly applications: GitopsApplication[];
  /** The chart Applications alone (no root, no component Applications), for a root over more components. */
  readonly charts: GitopsApplication[];
}

/**
 * Renders the base. The applications cover the base only: to deliver other components through the same root, call
 * `gitopsRoot(model, allComponentNames, allChartApplications)` with everything instead.
 */
export function renderBase(model: PlatformModel): BaseOutput {
  const mesh = renderMesh(model);
  const ingress = renderIngress(model);
  const secrets = renderSecrets(model);
  const manifests = [
    renderTenancy(model),
    renderNetworkPolicies(model),
    renderStorageClasses(model),
    mesh.manifests,
    ingress.manifests,
    secrets.manifests,
  ]
    .map((c) => ({ component: c.component, files: c.files.filter((f) => f.objects.length > 0) }))
    .filter((c) => c.files.length > 0);
  const specs: ChartAppSpec[] = [...mesh.charts, ...ingress.charts, ...secrets.charts];
  const charts = [...snapshotApplications(model), ...specs.map(chartApp)];
  return {
    manifests,
    applications: gitopsRoot(
      model,
      manifests.map((c) => c.component),
      charts,
    ),
    charts,
  };
}
