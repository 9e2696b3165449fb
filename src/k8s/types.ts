/** What in-cluster emitters produce: typed Kubernetes objects grouped by component, never YAML strings. */

/** Any Kubernetes object (core or custom resource). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** The manifests of one component, written to `k8s/<component>/<file>.yaml` (one file may hold several objects). */
export interface ComponentManifests {
  /** Folder name under `k8s/`, e.g. `node-pools`. */
  readonly component: string;
  /** Files in the folder, in order; `name` without extension. */
  readonly files: readonly { readonly name: string; readonly objects: readonly KubeObject[] }[];
}

/** An Argo CD Application written to `gitops/<name>.yaml`. */
export interface GitopsApplication {
  /** File name without extension. */
  readonly name: string;
  readonly application: KubeObject;
}
