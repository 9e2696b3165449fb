/**
 * Network policies of one team namespace: deny everything, then allow exactly what the platform needs. Enforced by
 * the Amazon VPC CNI's network policy agent (eBPF; the AWS stack turns on `enableNetworkPolicy` in the vpc-cni add-on,
 * docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html). Policies are additive: a connection passes when
 * the sender's egress and the receiver's ingress both allow it.
 *
 * Why the allowances look the way they do with the VPC CNI:
 * - Pods get addresses from the VPC CIDR, so an `ipBlock` covering the VPC also covers other pods. Isolation between
 *   namespaces therefore rests on each namespace's ingress policy, which never names an ipBlock except the ALB one
 *   below (limited to pods that opt in).
 * - ALB/NLB with `target-type: ip` send traffic from the load balancer's ENIs in the VPC subnets straight to pod IPs
 *   (kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#target-type); the
 *   source is a VPC address, not a pod, so only an ipBlock of the VPC CIDR can admit it.
 * - AWS APIs: egress to TCP 443 anywhere except link-local. Not only the VPC CIDR: interface endpoints live there,
 *   but S3 and DynamoDB gateway endpoints route to the services' public prefix lists, and services without an
 *   endpoint go through the NAT gateways. The instance metadata service (169.254.169.254) is blocked so pods cannot
 *   take the node role's credentials; the Pod Identity agent (169.254.170.23:80) is allowed, since that is how pods
 *   get their own role.
 * - Kubelet probes come from the node's own IP, which the agent always admits (aws/aws-network-policy-agent#56,
 *   fixed in VPC CNI 1.15.1), so default deny does not break liveness and readiness probes.
 */
import type { PlatformModel, TeamModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { OTEL_COLLECTOR, PLATFORM_NAMESPACES, PROMETHEUS_POD_LABELS } from "../tenancy/platform-namespaces.js";
import type { KubeObject } from "../types.js";
import {
  inNamespace,
  inNamespaces,
  LINK_LOCAL_CIDR,
  type Peer,
  POD_IDENTITY_AGENT_CIDR,
  type PolicyPort,
  tcp,
} from "./peers.js";

/** Pod label that opts a pod in to traffic from the VPC CIDR (ALB/NLB IP targets). */
export const ALB_TARGET_LABEL = "networking.eks-ai-platform/alb-target";

/** Linkerd control plane ports proxies call: identity 8080, destination 8086, policy 8090. */
const LINKERD_CONTROL_PORTS = [8080, 8086, 8090];

interface Rule {
  readonly peers: readonly Peer[];
  readonly ports?: readonly PolicyPort[];
}

function policy(
  namespace: string,
  name: string,
  o: { podLabels?: Record<string, string>; ingress?: Rule[]; egress?: Rule[] },
): KubeObject {
  const policyTypes = [...(o.ingress ? ["Ingress"] : []), ...(o.egress ? ["Egress"] : [])];
  const rule = (key: "from" | "to") => (r: Rule) => ({
    [key]: r.peers.map((p) => ({ ...p })),
    ...(r.ports === undefined ? {} : { ports: r.ports.map((p) => ({ ...p })) }),
  });
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace, labels: baseLabels("network-policy") },
    spec: {
      podSelector: o.podLabels === undefined ? {} : { matchLabels: o.podLabels },
      policyTypes,
      ...(o.ingress ? { ingress: o.ingress.map(rule("from")) } : {}),
      ...(o.egress ? { egress: o.egress.map(rule("to")) } : {}),
    },
  };
}

/** Namespaces of the teams named, in model order. */
function namespacesOf(model: PlatformModel, teams: readonly string[]): string[] {
  return model.teams.filter((t) => teams.includes(t.name)).flatMap((t) => t.namespaces);
}

/** Every policy of namespace `ns` of `team`. */
export function teamNamespacePolicies(model: PlatformModel, team: TeamModel, ns: string): KubeObject[] {
  const out: KubeObject[] = [
    // An empty podSelector with both types and no rules: nothing in, nothing out, until a policy below allows it.
    { ...policy(ns, "default-deny", { ingress: [], egress: [] }) },
    policy(ns, "allow-dns", {
      egress: [
        {
          peers: [inNamespace(PLATFORM_NAMESPACES.kubeSystem, { "k8s-app": "kube-dns" })],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    }),
    // Pods of one namespace talk freely: services and their clients, distributed training ranks (NCCL, Gloo).
    policy(ns, "allow-same-namespace", {
      ingress: [{ peers: [{ podSelector: {} }] }],
      egress: [{ peers: [{ podSelector: {} }] }],
    }),
    policy(ns, "allow-aws-apis", {
      egress: [
        { peers: [{ ipBlock: { cidr: "0.0.0.0/0", except: [LINK_LOCAL_CIDR] } }], ports: tcp(443) },
        { peers: [{ ipBlock: { cidr: POD_IDENTITY_AGENT_CIDR } }], ports: tcp(80) },
      ],
    }),
    policy(ns, "allow-inference-and-llm-gateway", {
      egress: [{ peers: [inNamespaces([PLATFORM_NAMESPACES.inference, PLATFORM_NAMESPACES.llmGateway])] }],
    }),
    policy(ns, "allow-alb-targets", {
      podLabels: { [ALB_TARGET_LABEL]: "true" },
      ingress: [{ peers: [{ ipBlock: { cidr: model.networking.vpcCidr } }] }],
    }),
  ];
  if (model.observability.metrics === "prometheus") {
    // Scrape ports vary per workload (and the Linkerd proxy's 4191), so only the source is restricted.
    out.push(
      policy(ns, "allow-prometheus-scrape", {
        ingress: [{ peers: [inNamespace(PLATFORM_NAMESPACES.monitoring, PROMETHEUS_POD_LABELS)] }],
      }),
    );
  }
  if (model.networking.mesh === "linkerd") {
    out.push(
      policy(ns, "allow-linkerd-control-plane", {
        egress: [{ peers: [inNamespace(PLATFORM_NAMESPACES.linkerd)], ports: tcp(...LINKERD_CONTROL_PORTS) }],
      }),
    );
  }
  if (model.networking.mesh === "linkerd" && model.observability.tracing === "opentelemetry") {
    out.push(
      policy(ns, "allow-trace-export", {
        egress: [{ peers: [inNamespace(OTEL_COLLECTOR.namespace)], ports: tcp(OTEL_COLLECTOR.grpcPort) }],
      }),
    );
  }
  // Team to team only as the spec says: ingress here from the allowed teams, egress from those teams to here.
  const from = namespacesOf(model, team.allowFrom).filter((n) => n !== ns);
  if (from.length > 0) out.push(policy(ns, "allow-from-teams", { ingress: [{ peers: [inNamespaces(from)] }] }));
  const callees = namespacesOf(
    model,
    model.teams.filter((t) => t.allowFrom.includes(team.name)).map((t) => t.name),
  ).filter((n) => n !== ns);
  if (callees.length > 0) out.push(policy(ns, "allow-to-teams", { egress: [{ peers: [inNamespaces(callees)] }] }));
  return out;
}
