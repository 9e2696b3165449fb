/**
 * Namespaces with Pod Security Admission labels and Linkerd injection: the platform's own (least level that works,
 * see `platformNamespaces`) and every team namespace (the spec's `security.podSecurity`, `restricted` by default).
 * kubernetes.io/docs/concepts/security/pod-security-admission/
 */
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import type { KubeObject } from "../types.js";
import { BUILT_IN_NAMESPACES, type PodSecurityLevel, platformNamespaces } from "./platform-namespaces.js";

/** Label on every team namespace naming its team (network policies and quotas select on it). */
export const TEAM_LABEL = "eks-ai-platform/team";

/** What `namespaceObject` needs. */
export interface NamespaceOptions {
  readonly name: string;
  /** Enforced Pod Security level. */
  readonly podSecurity: PodSecurityLevel;
  /** Kubernetes minor version the level is pinned to, e.g. `1.33`, so a cluster upgrade cannot tighten it unseen. */
  readonly kubernetesVersion: string;
  /** Add `linkerd.io/inject: enabled`. @default false */
  readonly meshed?: boolean;
  /** Extra labels. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Why the level was chosen, kept as an annotation for whoever reads the cluster. @default none */
  readonly reason?: string;
}

/**
 * One Namespace with PSA labels: `enforce` at the given level, `warn` and `audit` always at `restricted` so every
 * gap to the strictest level is reported. Exported so other components create their namespaces the same way.
 */
export function namespaceObject(o: NamespaceOptions): KubeObject {
  const version = `v${o.kubernetesVersion}`;
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: o.name,
      labels: {
        ...baseLabels("tenancy"),
        ...o.labels,
        "pod-security.kubernetes.io/enforce": o.podSecurity,
        "pod-security.kubernetes.io/enforce-version": version,
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": version,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": version,
      },
      annotations: {
        ...(o.reason === undefined ? {} : { "eks-ai-platform/pod-security-reason": o.reason }),
        // The proxy injector reads this annotation on the namespace (linkerd.io/2-edge/features/proxy-injection/).
        ...(o.meshed ? { "linkerd.io/inject": "enabled" } : {}),
      },
    },
  };
}

/** Every namespace the base creates: platform namespaces first, then team namespaces, each once. */
export function namespaces(model: PlatformModel): KubeObject[] {
  const meshOn = model.networking.mesh === "linkerd";
  const seen = new Set<string>();
  const out: KubeObject[] = [];
  for (const ns of platformNamespaces(model)) {
    seen.add(ns.name);
    out.push(
      namespaceObject({
        name: ns.name,
        podSecurity: ns.podSecurity,
        kubernetesVersion: model.cluster.kubernetesVersion,
        meshed: meshOn && ns.meshed,
        reason: ns.reason,
      }),
    );
  }
  for (const ns of model.namespaces) {
    if (seen.has(ns.name) || BUILT_IN_NAMESPACES.has(ns.name)) continue;
    seen.add(ns.name);
    const team = ns.kind === "team";
    out.push(
      namespaceObject({
        name: ns.name,
        // System namespaces from the model that have no row in platformNamespaces get the team default.
        podSecurity: model.security.podSecurity,
        kubernetesVersion: model.cluster.kubernetesVersion,
        meshed: meshOn && team,
        labels: team && ns.team !== undefined ? { [TEAM_LABEL]: ns.team, ...katibLabels(model) } : {},
        reason: team ? "team namespace: spec.security.podSecurity" : "platform namespace",
      }),
    );
  }
  return out;
}

/**
 * Katib injects its metrics collector only into namespaces that opt in (katib.kubeflow.org docs, "Metrics
 * collector"), so team namespaces carry the label when Katib is installed.
 */
function katibLabels(model: PlatformModel): Record<string, string> {
  return model.training.katib ? { "katib.kubeflow.org/metrics-collector-injection": "enabled" } : {};
}

/** Team namespaces of the model, in order. */
export function teamNamespaces(model: PlatformModel): string[] {
  return model.namespaces.filter((n) => n.kind === "team").map((n) => n.name);
}
