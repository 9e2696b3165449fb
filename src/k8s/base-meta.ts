/** Labels shared by every object the in-cluster base renders, so `kubectl get -l` finds what the platform owns. */

/** `app.kubernetes.io/*` labels of one base component (recommended labels, kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export function baseLabels(component: string): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "eks-ai-platform",
    "app.kubernetes.io/part-of": "eks-ai-platform",
    "app.kubernetes.io/component": component,
  };
}
