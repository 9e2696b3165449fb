/**
 * The base's Argo CD Applications: charts (through `chartApplication`, adapted) and our own manifests served from the
 * user's Git repository. Both target the local cluster by name, `in-cluster`: the name self-managed Argo CD gives it
 * and the one the EKS Argo CD capability docs register it under (the capability does not support
 * `https://kubernetes.default.svc`; docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html).
 */
import type { ChartPin } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import type { GitopsApplication, KubeObject } from "../types.js";
import { ARGOCD_NAMESPACE, chartApplication, IN_CLUSTER_NAME, SYNC_WAVE_ANNOTATION } from "./application.js";
import { COMPONENT_PRUNE, syncWave } from "./sync-waves.js";

/** Name of the local cluster as an Argo CD destination (`chartApplication`'s). */
export const LOCAL_CLUSTER_NAME = IN_CLUSTER_NAME;

/** Sync options of every base Application: server-side apply (large CRDs exceed the last-applied annotation). */
const SYNC_OPTIONS = ["ServerSideApply=true", "CreateNamespace=true", "PruneLast=true"];

/** A chart the base installs. */
export interface ChartAppSpec {
  /** Application and release name; its sync wave comes from `SYNC_WAVES`. */
  readonly name: string;
  readonly chart: ChartPin;
  readonly namespace: string;
  readonly values: object;
  /**
   * The chart installs CRDs: Argo CD must never prune it, since deleting a CRD deletes every custom resource of
   * that kind in the cluster.
   */
  readonly ownsCrds: boolean;
}

/** The Application of a chart: `chartApplication`'s, with the base's destination and prune policy. */
export function chartApp(spec: ChartAppSpec): GitopsApplication {
  const app = chartApplication({
    name: spec.name,
    chart: spec.chart,
    namespace: spec.namespace,
    values: spec.values,
    syncWave: syncWave(spec.name),
  });
  return { name: spec.name, application: adapt(app, spec.namespace, !spec.ownsCrds) };
}

/** The Application that syncs `k8s/<component>/` (a kustomization) from the user's repository. */
export function componentApplication(model: PlatformModel, component: string): GitopsApplication {
  const { repoURL, path, targetRevision } = model.gitops.argocd;
  const prune = COMPONENT_PRUNE[component]?.prune ?? true;
  return {
    name: component,
    application: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name: component,
        namespace: ARGOCD_NAMESPACE,
        labels: baseLabels("gitops"),
        annotations: { [SYNC_WAVE_ANNOTATION]: String(syncWave(component)) },
      },
      spec: {
        project: "default",
        source: { repoURL, targetRevision, path: `${trimSlashes(path)}/k8s/${component}` },
        destination: { name: LOCAL_CLUSTER_NAME },
        syncPolicy: syncPolicy(prune),
      },
    },
  };
}

function adapt(app: KubeObject, namespace: string, prune: boolean): KubeObject {
  const spec = app.spec as Record<string, unknown>;
  const syncPolicyOf = spec.syncPolicy as Record<string, unknown>;
  return {
    ...app,
    metadata: { ...app.metadata, labels: { ...app.metadata.labels, ...baseLabels("gitops") } },
    spec: {
      ...spec,
      destination: { name: LOCAL_CLUSTER_NAME, namespace },
      syncPolicy: { ...syncPolicyOf, ...syncPolicy(prune) },
    },
  };
}

/** Automated sync with self-heal; prune as given; retries with backoff while a wave's dependencies come up. */
export function syncPolicy(prune: boolean): Record<string, unknown> {
  return {
    automated: { prune, selfHeal: true },
    syncOptions: [...SYNC_OPTIONS],
    retry: { limit: 10, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
  };
}

/** `dist/ml-platform/` -> `dist/ml-platform`. */
export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}
