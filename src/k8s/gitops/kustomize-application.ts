/**
 * An Argo CD Application that installs an upstream kustomize tree at a pinned tag (Kubeflow ships kustomize
 * manifests, not Helm charts), adapted with Argo CD's kustomize `patches`
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/kustomize/#patches):
 * - the upstream Namespace is deleted from the render: tenancy owns every namespace (one owner, Pod Security labels);
 * - every Deployment gets the CPU pool's node selector and tolerations: controllers never land on a GPU node.
 * Patches are JSON documents (JSON is YAML), built from typed objects.
 */
import type { KustomizePin } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { controlPlacement } from "../base-placement.js";
import type { GitopsApplication } from "../types.js";
import { ARGOCD_NAMESPACE, SYNC_WAVE_ANNOTATION } from "./application.js";
import { LOCAL_CLUSTER_NAME, syncPolicy } from "./platform-application.js";
import { syncWave } from "./sync-waves.js";

/** The kustomize patches that hand the namespace to tenancy and pin Deployments to the CPU pool. */
export function kustomizePatches(model: PlatformModel, pin: KustomizePin): { target: object; patch: string }[] {
  const placement = controlPlacement(model);
  return [
    {
      target: { kind: "Namespace", name: pin.namespace },
      patch: JSON.stringify({
        $patch: "delete",
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: pin.namespace },
      }),
    },
    {
      target: { group: "apps", version: "v1", kind: "Deployment" },
      patch: JSON.stringify([
        { op: "add", path: "/spec/template/spec/nodeSelector", value: placement.nodeSelector },
        { op: "add", path: "/spec/template/spec/tolerations", value: placement.tolerations },
      ]),
    },
  ];
}

/** The Application of `pin` named `name`; never pruned (the trees install CRDs). */
export function kustomizeApplication(model: PlatformModel, name: string, pin: KustomizePin): GitopsApplication {
  return {
    name,
    application: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name,
        namespace: ARGOCD_NAMESPACE,
        labels: baseLabels("gitops"),
        annotations: { [SYNC_WAVE_ANNOTATION]: String(syncWave(name)) },
      },
      spec: {
        project: "default",
        source: {
          repoURL: pin.repoURL,
          targetRevision: pin.tag,
          path: pin.path,
          kustomize: { patches: kustomizePatches(model, pin) },
        },
        destination: { name: LOCAL_CLUSTER_NAME, namespace: pin.namespace },
        syncPolicy: syncPolicy(false),
      },
    },
  };
}
