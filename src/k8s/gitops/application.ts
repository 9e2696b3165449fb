/**
 * Argo CD `argoproj.io/v1alpha1` Applications that install a pinned Helm chart with typed values: how every
 * third-party chart reaches the cluster (DESIGN.md section 1: GitOps, never Lambda-backed Helm custom resources).
 * https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
 */
import type { ChartPin } from "../../catalog/index.js";
import type { KubeObject } from "../types.js";

/** Namespace Argo CD (and the EKS Argo CD capability) watches for Applications. */
export const ARGOCD_NAMESPACE = "argocd";

/** The annotation that orders Applications in an app-of-apps sync (lower waves first). */
export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/**
 * The local cluster as an Argo CD destination, by name: self-managed Argo CD registers it as `in-cluster`, and the
 * EKS Argo CD capability does not accept `https://kubernetes.default.svc`
 * (docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html).
 */
export const IN_CLUSTER_NAME = "in-cluster";

/** Options of {@link chartApplication}. */
export interface ChartApplicationProps {
  /** Application name and Helm release name. */
  readonly name: string;
  /** The pinned chart (from `CHARTS` in `src/catalog/versions.ts`). */
  readonly chart: ChartPin;
  /** Namespace the chart installs into (created by Argo CD). */
  readonly namespace: string;
  /** Helm values, as a typed object (Argo CD `helm.valuesObject`). */
  readonly values: object;
  /** Sync wave: Applications of lower waves are synced and healthy first. */
  readonly syncWave: number;
  /**
   * Argo CD project.
   * @default "default"
   */
  readonly project?: string;
  /**
   * Labels Argo CD puts on the namespace it creates (e.g. Pod Security admission levels).
   * @default none
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/**
 * An Application that installs `chart` at its pinned version with `values`, synced automatically (prune, self-heal),
 * creating its namespace, with server-side apply (large CRDs exceed the client-side `last-applied` annotation limit).
 * OCI charts (`oci://registry/path`) are given as Argo CD expects Helm OCI repositories: without the scheme.
 */
export function chartApplication(props: ChartApplicationProps): KubeObject {
  const oci = props.chart.repoURL.startsWith("oci://");
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: props.name,
      namespace: ARGOCD_NAMESPACE,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(props.syncWave) },
    },
    spec: {
      project: props.project ?? "default",
      source: {
        repoURL: oci ? props.chart.repoURL.slice("oci://".length) : props.chart.repoURL,
        chart: props.chart.chart,
        targetRevision: props.chart.version,
        helm: { releaseName: props.name, valuesObject: props.values },
      },
      destination: { name: IN_CLUSTER_NAME, namespace: props.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
        ...(props.namespaceLabels === undefined
          ? {}
          : { managedNamespaceMetadata: { labels: { ...props.namespaceLabels } } }),
      },
    },
  };
}
