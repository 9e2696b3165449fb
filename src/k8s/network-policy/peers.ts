/**
 * Building blocks of the team network policies. Namespaces are selected by `kubernetes.io/metadata.name`, which the
 * API server sets on every namespace and nobody can change (kubernetes.io/docs/concepts/services-networking/
 * network-policies/#targeting-a-namespace-by-its-name), so a tenant cannot relabel its way into another's policy.
 */

/** A NetworkPolicy peer. */
export interface Peer {
  readonly namespaceSelector?: { readonly matchLabels?: Record<string, string>; readonly matchExpressions?: unknown[] };
  readonly podSelector?: { readonly matchLabels?: Record<string, string> };
  readonly ipBlock?: { readonly cidr: string; readonly except?: string[] };
}

/** A NetworkPolicy port. */
export interface PolicyPort {
  readonly protocol: "TCP" | "UDP";
  readonly port?: number;
}

/** Peer: the namespace `name`, optionally only its pods with `podLabels`. */
export function inNamespace(name: string, podLabels?: Readonly<Record<string, string>>): Peer {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
    ...(podLabels === undefined ? {} : { podSelector: { matchLabels: { ...podLabels } } }),
  };
}

/** Peer: any of the namespaces `names` (one `In` expression, never an empty selector). */
export function inNamespaces(names: readonly string[]): Peer {
  return {
    namespaceSelector: {
      matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...names].sort() }],
    },
  };
}

/** TCP ports. */
export function tcp(...ports: number[]): PolicyPort[] {
  return ports.map((port) => ({ protocol: "TCP", port }));
}

/** Link-local range: the instance metadata service (169.254.169.254) and the EKS Pod Identity agent live here. */
export const LINK_LOCAL_CIDR = "169.254.0.0/16";
/** EKS Pod Identity agent (docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html), HTTP on port 80. */
export const POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32";
