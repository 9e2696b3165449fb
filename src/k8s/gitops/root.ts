/**
 * The app-of-apps: one root Application that syncs the `gitops/` folder of the user's repository, where every other
 * Application lives (argo-cd.readthedocs.io/en/stable/operator-manual/cluster-bootstrapping/). Bootstrapping is
 * applying this one file (docs/gitops.md).
 */
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import type { GitopsApplication } from "../types.js";
import { ARGOCD_NAMESPACE } from "./application.js";
import { componentApplication, LOCAL_CLUSTER_NAME, syncPolicy, trimSlashes } from "./platform-application.js";

/** Name (and file name) of the root Application. */
export function rootApplicationName(model: PlatformModel): string {
  return `${model.name}-root`;
}

/**
 * The root Application, one Application per component of our own manifests, and the given chart Applications,
 * sorted by sync wave then name. The root excludes its own file: it is applied by hand once and never manages itself,
 * so deleting it (to stop GitOps) cannot cascade.
 */
export function gitopsRoot(
  model: PlatformModel,
  components: readonly string[],
  charts: readonly GitopsApplication[],
): GitopsApplication[] {
  const root = rootApplicationName(model);
  const { repoURL, path, targetRevision } = model.gitops.argocd;
  const rootApp: GitopsApplication = {
    name: root,
    application: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: root, namespace: ARGOCD_NAMESPACE, labels: baseLabels("gitops") },
      spec: {
        project: "default",
        source: {
          repoURL,
          targetRevision,
          path: `${trimSlashes(path)}/gitops`,
          directory: { recurse: false, exclude: `${root}.yaml` },
        },
        // Applications live in Argo CD's own namespace.
        destination: { name: LOCAL_CLUSTER_NAME, namespace: ARGOCD_NAMESPACE },
        // Pruning here removes the Application of a component dropped from the spec; Applications carry no
        // resources finalizer, so the component's objects stay (orphaned) until removed deliberately.
        syncPolicy: syncPolicy(true),
      },
    },
  };
  const children = [...components.map((c) => componentApplication(model, c)), ...charts].sort(
    (a, b) => waveOf(a) - waveOf(b) || a.name.localeCompare(b.name),
  );
  return [rootApp, ...children];
}

/** The sync wave an Application carries. */
export function waveOf(app: GitopsApplication): number {
  return Number(app.application.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
}
