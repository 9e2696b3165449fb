import { describe, expect, it } from "vitest";
import { ALB_TARGET_LABEL, renderNetworkPolicies } from "../../../src/k8s/network-policy/index.js";
import type { KubeObject } from "../../../src/k8s/types.js";
import type { PlatformModel } from "../../../src/model/index.js";
import { defaultModel, expectSchemaValid, modelWith } from "../base/fixtures.js";

interface Peer {
  namespaceSelector?: { matchLabels?: Record<string, string>; matchExpressions?: { values: string[] }[] };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol: string; port?: number }[];
}
interface Spec {
  podSelector: { matchLabels?: Record<string, string> };
  policyTypes: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

const spec = (o: KubeObject) => o.spec as Spec;
const policiesOf = (model: PlatformModel, ns: string) =>
  renderNetworkPolicies(model).files.find((f) => f.name === ns)?.objects ?? [];
const model = defaultModel();
const teamNamespaces = model.namespaces.filter((n) => n.kind === "team").map((n) => n.name);

describe("network policies", () => {
  it("every object is schema-valid", () => {
    for (const f of renderNetworkPolicies(model).files) for (const o of f.objects) expectSchemaValid(o);
  });

  it.each(teamNamespaces)("%s denies ingress and egress by default", (ns) => {
    const deny = policiesOf(model, ns).find((p) => p.metadata.name === "default-deny")!;
    expect(spec(deny).podSelector).toEqual({});
    expect([...spec(deny).policyTypes].sort()).toEqual(["Egress", "Ingress"]);
    expect(spec(deny).ingress ?? []).toEqual([]);
    expect(spec(deny).egress ?? []).toEqual([]);
  });

  it.each(teamNamespaces)("%s allows DNS to kube-dns over UDP and TCP 53", (ns) => {
    const dns = policiesOf(model, ns).find((p) => p.metadata.name === "allow-dns")!;
    const rule = spec(dns).egress![0]!;
    expect(rule.to![0]).toEqual({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
      podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
    });
    expect(rule.ports).toEqual([
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ]);
  });

  it.each(teamNamespaces)("%s: no ingress rule opens the namespace to all namespaces or all addresses", (ns) => {
    for (const p of policiesOf(model, ns)) {
      for (const rule of spec(p).ingress ?? []) {
        // An empty `from` admits everyone; an empty namespaceSelector admits every namespace.
        expect(rule.from?.length ?? 0, p.metadata.name).toBeGreaterThan(0);
        for (const peer of rule.from ?? []) {
          if (peer.namespaceSelector !== undefined) expect(peer.namespaceSelector, p.metadata.name).not.toEqual({});
          if (peer.ipBlock !== undefined) {
            // The only ipBlock ingress is the ALB's, and only for pods that opt in.
            expect(peer.ipBlock.cidr).toBe(model.networking.vpcCidr);
            expect(spec(p).podSelector.matchLabels).toEqual({ [ALB_TARGET_LABEL]: "true" });
          }
        }
      }
    }
  });

  it("blocks the instance metadata service and allows the Pod Identity agent", () => {
    const aws = policiesOf(model, "research").find((p) => p.metadata.name === "allow-aws-apis")!;
    const [https, podIdentity] = spec(aws).egress!;
    expect(https!.to![0]!.ipBlock).toEqual({ cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] });
    expect(https!.ports).toEqual([{ protocol: "TCP", port: 443 }]);
    expect(podIdentity!.to![0]!.ipBlock).toEqual({ cidr: "169.254.170.23/32" });
  });

  it("allows the Linkerd control plane, Prometheus, trace export and the inference namespaces", () => {
    const names = policiesOf(model, "research").map((p) => p.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "allow-linkerd-control-plane",
        "allow-prometheus-scrape",
        "allow-trace-export",
        "allow-inference-and-llm-gateway",
        "allow-alb-targets",
        "allow-same-namespace",
      ]),
    );
    const off = modelWith("  networking:\n    mesh: none\n");
    expect(policiesOf(off, "research").map((p) => p.metadata.name)).not.toContain("allow-linkerd-control-plane");
  });

  it("keeps teams apart unless allowFrom says otherwise, and then opens both directions", () => {
    for (const ns of teamNamespaces) {
      const names = policiesOf(model, ns).map((p) => p.metadata.name);
      expect(names).not.toContain("allow-from-teams");
      expect(names).not.toContain("allow-to-teams");
    }
    const m = modelWith(
      "  teams:\n    - name: research\n    - name: applied-ml\n      allowFrom: [research]\n    - name: other\n",
    );
    const from = policiesOf(m, "applied-ml").find((p) => p.metadata.name === "allow-from-teams")!;
    expect(spec(from).ingress![0]!.from![0]!.namespaceSelector!.matchExpressions![0]!.values).toEqual(["research"]);
    const to = policiesOf(m, "research").find((p) => p.metadata.name === "allow-to-teams")!;
    expect(spec(to).egress![0]!.to![0]!.namespaceSelector!.matchExpressions![0]!.values).toEqual(["applied-ml"]);
    expect(policiesOf(m, "other").map((p) => p.metadata.name)).not.toContain("allow-from-teams");
  });

  it("renders nothing when spec.security.networkPolicy is none", () => {
    expect(renderNetworkPolicies(modelWith("  security:\n    networkPolicy: none\n")).files).toEqual([]);
  });
});
