import { describe, expect, it } from "vitest";
import {
  type GatewayManifestOptions,
  gatewayRoutesConfig,
  renderGateway,
  routesFromInferenceServices,
} from "../../../src/k8s/gateway/index.js";
import type { KubeObject } from "../../../src/k8s/types.js";
import { resolveGatewayConfig } from "../../../src/services/gateway/config.js";
import { expectValid } from "../../support/schema.js";

const base: GatewayManifestOptions = {
  namespace: "ai-gateway",
  image: "registry.example/aiplat-gateway:0.1.0",
  routes: [
    {
      name: "llama-3.1-8b-instruct",
      endpoints: [{ url: "http://llama.inference.svc:8000", kind: "vllm" }],
      queueAware: true,
      fallbacks: ["mistral"],
    },
    { name: "mistral", endpoints: [{ url: "http://mistral.inference.svc:8080/v1", kind: "tgi" }] },
  ],
};

function objects(o: GatewayManifestOptions): KubeObject[] {
  const r = renderGateway(o);
  if (!r.ok) throw new Error(JSON.stringify(r.findings));
  return r.manifests.files.flatMap((f) => f.objects);
}
const byKind = (objs: KubeObject[], kind: string) => objs.find((x) => x.kind === kind) as any;

describe("gateway manifests", () => {
  const objs = objects(base);

  it("renders every object in the namespace, schema-valid", () => {
    expect(objs.map((o) => o.kind).sort()).toEqual([
      "ConfigMap",
      "Deployment",
      "HorizontalPodAutoscaler",
      "NetworkPolicy",
      "PodDisruptionBudget",
      "Service",
      "ServiceMonitor",
    ]);
    for (const o of objs) {
      expect(o.metadata.namespace).toBe("ai-gateway");
      expectValid(o);
    }
  });

  it("places 2+ replicas on the CPU pool with the pool label given", () => {
    const d = byKind(objs, "Deployment");
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.spec.nodeSelector).toEqual({ "eks-ai-platform/pool": "cpu" });
    const custom = byKind(
      objects({ ...base, replicas: 3, poolSelector: { key: "pool", value: "general" } }),
      "Deployment",
    );
    expect(custom.spec.replicas).toBe(3);
    expect(custom.spec.template.spec.nodeSelector).toEqual({ pool: "general" });
  });

  it("satisfies Pod Security restricted: non-root, no escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root", () => {
    const pod = byKind(objs, "Deployment").spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    for (const c of pod.containers) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(c.securityContext.capabilities.add).toBeUndefined();
    }
    for (const v of pod.volumes) expect(v.hostPath).toBeUndefined();
    expect(pod.hostNetwork).toBeUndefined();
  });

  it("runs `aiplat serve gateway` with the routes ConfigMap and teams Secret, probes on /healthz and /readyz", () => {
    const c = byKind(objs, "Deployment").spec.template.spec.containers[0];
    expect(c.args.slice(0, 5)).toEqual([
      "serve",
      "gateway",
      "--config",
      "/etc/aiplat-gateway/routes/routes.json",
      "/etc/aiplat-gateway/teams/teams.yaml",
    ]);
    expect(c.readinessProbe.httpGet.path).toBe("/readyz");
    expect(c.livenessProbe.httpGet.path).toBe("/healthz");
  });

  it("ConfigMap routes are a config the gateway itself accepts", () => {
    const cm = byKind(objs, "ConfigMap");
    const doc = JSON.parse(cm.data["routes.json"]);
    expect(doc).toEqual(gatewayRoutesConfig(base.routes ?? []));
    const r = resolveGatewayConfig([{ file: "routes.json", data: doc }]);
    expect(r.ok).toBe(true);
  });

  it("PDB keeps one replica; HPA scales from replicas; KEDA ScaledObject when asked", () => {
    expect(byKind(objs, "PodDisruptionBudget").spec.minAvailable).toBe(1);
    expect(byKind(objs, "HorizontalPodAutoscaler").spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
    const keda = objects({ ...base, autoscaler: "keda" });
    const so = byKind(keda, "ScaledObject");
    expect(so.spec).toMatchObject({ minReplicaCount: 2, scaleTargetRef: { name: "aiplat-gateway" } });
    expect(so.spec.triggers[0].type).toBe("prometheus");
    expectValid(so);
  });

  it("NetworkPolicy admits labelled client namespaces and allows egress to DNS, upstream ports, PostgreSQL and Redis", () => {
    const np = byKind(
      objects({ ...base, databaseUrlSecret: { name: "gw-db", key: "url" }, redisUrl: "redis://redis.gw.svc:6380" }),
      "NetworkPolicy",
    );
    expect(np.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      "eks-ai-platform/gateway-access": "true",
    });
    expect(np.spec.egress[1].ports.map((p: { port: number }) => p.port)).toEqual([8000, 8080, 5432, 6380]);
  });

  it("ServiceMonitor scrapes /metrics on the Service's http port", () => {
    const sm = byKind(objs, "ServiceMonitor");
    const svc = byKind(objs, "Service");
    expect(sm.spec.endpoints[0]).toMatchObject({ port: "http", path: "/metrics" });
    expect(svc.spec.ports[0].name).toBe("http");
    expect(sm.spec.selector.matchLabels).toEqual(svc.spec.selector);
  });

  it("returns findings, not objects, for bad options", () => {
    const r = renderGateway({
      ...base,
      replicas: 1,
      namespace: "Bad_NS",
      routes: [{ name: "a", endpoints: [], fallbacks: ["x"] }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.findings.map((f) => f.code).sort()).toEqual(["GWK001", "GWK003", "GWK005", "GWK006"]);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(objects(base))).toBe(JSON.stringify(objects(base)));
  });
});

describe("routes from inference services", () => {
  it("groups services by model, with in-cluster URLs, kinds, fallbacks and queue-aware vLLM routes", () => {
    const routes = routesFromInferenceServices([
      { name: "llama-b", namespace: "inference", model: "llama", server: "vllm", fallbacks: ["mistral", "ghost"] },
      {
        name: "llama-a",
        namespace: "inference",
        model: "llama",
        server: "vllm",
        upstreamModel: "meta-llama/Llama-3.1-8B",
      },
      { name: "mistral", namespace: "serving", model: "mistral", server: "tgi" },
      { name: "embed", namespace: "serving", model: "e5", server: "triton", port: 9100 },
    ]);
    expect(routes.map((r) => r.name)).toEqual(["e5", "llama", "mistral"]);
    expect(routes[1]).toEqual({
      name: "llama",
      endpoints: [
        { url: "http://llama-a.inference.svc.cluster.local:8000", kind: "vllm", model: "meta-llama/Llama-3.1-8B" },
        { url: "http://llama-b.inference.svc.cluster.local:8000", kind: "vllm" },
      ],
      fallbacks: ["mistral"],
      queueAware: true,
    });
    expect(routes[0]?.endpoints[0]).toEqual({ url: "http://embed.serving.svc.cluster.local:9100", kind: "triton" });
    expect(routes[2]?.queueAware).toBeUndefined();
    // What the cluster gateway will load is a config the gateway accepts.
    expect(resolveGatewayConfig([{ file: "routes.json", data: gatewayRoutesConfig(routes) }]).ok).toBe(true);
    expect(renderGateway({ ...base, routes }).ok).toBe(true);
  });
});
