/**
 * PodDisruptionBudgets. The base renders no Deployment itself: every multi-replica platform service comes from a
 * chart, and each chart's own PDB is switched on through its values (see `HA_REPLICAS` users in mesh/, ingress/,
 * secrets/). This helper is for services rendered as plain manifests (the admission webhook, the LLM gateway).
 * kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
import { baseLabels } from "../base-meta.js";
import type { KubeObject } from "../types.js";

/** Replicas of every highly available platform controller: survives one node drain plus one zone failure. */
export const HA_REPLICAS = 3;

/** What `podDisruptionBudget` needs. */
export interface PdbOptions {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods the budget covers. */
  readonly selector: Readonly<Record<string, string>>;
  /** Pods that may be down at once. @default 1 */
  readonly maxUnavailable?: number;
}

/**
 * A PDB with `maxUnavailable` (not `minAvailable`, which blocks every drain when replicas equal it) and
 * `unhealthyPodEvictionPolicy: AlwaysAllow`, so a crash-looping pod never blocks a node drain.
 */
export function podDisruptionBudget(o: PdbOptions): KubeObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: o.name, namespace: o.namespace, labels: baseLabels("tenancy") },
    spec: {
      maxUnavailable: o.maxUnavailable ?? 1,
      selector: { matchLabels: { ...o.selector } },
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}
