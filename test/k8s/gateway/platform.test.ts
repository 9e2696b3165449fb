import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { IMAGES } from "../../../src/catalog/index.js";
import { gatewaySummaryLines, PLATFORM_GATEWAY, renderPlatformGateway } from "../../../src/k8s/gateway/platform.js";
import { renderKubernetes, withAllComponents } from "../../../src/k8s/index.js";
import { externalSecrets } from "../../../src/k8s/secrets/index.js";
import type { KubeObject } from "../../../src/k8s/types.js";
import { LABELS } from "../../../src/model/index.js";
import { gatewayRoutesConfigMap } from "../../../src/workloads/gateway-routes.js";
import { SERVICE_PORT } from "../../../src/workloads/render/inference.js";
import { defaultModel, modelOf, platformYaml } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";

const objectsOf = (c: ReturnType<typeof renderPlatformGateway>): KubeObject[] =>
  c?.files.flatMap((f) => f.objects) ?? [];
const byKind = (objs: KubeObject[], kind: string) => objs.find((o) => o.kind === kind) as any;

describe("the platform's LLM gateway", () => {
  const model = defaultModel();
  const component = renderPlatformGateway(model);
  const objs = objectsOf(component);
  const deployment = byKind(objs, "Deployment");
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it("is rendered by default as k8s/llm-gateway/, every object schema-valid in the gateway namespace", () => {
    expect(component?.component).toBe("llm-gateway");
    expect(renderKubernetes(model).manifests.map((c) => c.component)).toContain("llm-gateway");
    expect(objs.map((o) => o.kind).sort()).toEqual([
      "Deployment",
      "HorizontalPodAutoscaler",
      "NetworkPolicy",
      "PodDisruptionBudget",
      "Service",
      "ServiceMonitor",
    ]);
    for (const o of objs) {
      expect(o.metadata.namespace).toBe("llm-gateway");
      expectValid(o);
    }
  });

  it("runs 2 replicas on the platform services' pool, never a GPU node", () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.nodeSelector).toEqual({ [LABELS.pool]: "cpu" });
    expect(container.resources.limits["nvidia.com/gpu"]).toBeUndefined();
  });

  it("uses the image Dockerfile.gateway builds for this version unless the spec names one", () => {
    const version = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).version;
    expect(IMAGES.gateway).toBe(`aiplat-gateway:${version}`);
    expect(container.image).toBe(IMAGES.gateway);
    const custom = modelOf(platformYaml("", "  gateway: { image: registry.example/gw:1.2.3 }\n"));
    expect(byKind(objectsOf(renderPlatformGateway(custom)), "Deployment").spec.template.spec.containers[0].image).toBe(
      "registry.example/gw:1.2.3",
    );
    expect(withAllComponents(custom).components.find((c) => c.name === "llm-gateway")?.version).toBe("1.2.3");
  });

  it("does not own the routes ConfigMap: `aiplat render` writes it, the Deployment mounts it as optional", () => {
    expect(objs.some((o) => o.kind === "ConfigMap")).toBe(false);
    const routes = pod.volumes.find((v: any) => v.name === "routes");
    expect(routes.configMap.optional).toBe(true);
    expect(container.args).toEqual(
      expect.arrayContaining(["--optional-config", "/etc/aiplat-gateway/routes/routes.json"]),
    );
    // the ConfigMap `aiplat render` emits is the one mounted, in the gateway's namespace
    const cm = gatewayRoutesConfigMap([
      {
        workload: {
          apiVersion: "eks-ai-platform/v1alpha1",
          kind: "InferenceService",
          metadata: { name: "llama" },
          spec: { server: "vllm", model: { name: "llama-3.1-8b" } },
        } as any,
        namespace: "applied-ml",
      },
    ]);
    expect(cm?.metadata.name).toBe(routes.configMap.name);
    expect(cm?.metadata.namespace).toBe(PLATFORM_GATEWAY.namespace);
  });

  it("mounts routes and teams as whole volumes (no subPath), so the kubelet's updates reach the gateway's reload", () => {
    const mounts = container.volumeMounts.filter((m: any) => m.name === "routes" || m.name === "teams");
    expect(mounts).toHaveLength(2);
    for (const m of mounts) expect(m.subPath).toBeUndefined();
    // the default --reload-interval applies: nothing turns reloading off
    expect(container.args).not.toContain("--reload-interval");
  });

  it("reads its teams from Secrets Manager through an ExternalSecret it mounts", () => {
    const secrets = externalSecrets(model);
    const teams = secrets.find((s) => s.metadata.namespace === "llm-gateway") as any;
    expect(teams.metadata.name).toBe("llm-gateway-teams");
    expect(teams.spec.data).toEqual([
      { secretKey: "teams.yaml", remoteRef: { key: "llm-gateway/teams", property: "teams.yaml" } },
    ]);
    expect(pod.volumes.find((v: any) => v.name === "teams").secret.secretName).toBe("llm-gateway-teams");
    expect(container.args).toEqual(expect.arrayContaining(["/etc/aiplat-gateway/teams/teams.yaml"]));
  });

  it("admits team namespaces and Prometheus; reaches the InferenceServices' port and external HTTPS", () => {
    const np = byKind(objs, "NetworkPolicy");
    const clients = np.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0];
    expect(clients.values).toEqual(["applied-ml", "research"]);
    const ports = np.spec.egress[1].ports.map((p: any) => p.port);
    expect(ports).toEqual(expect.arrayContaining([SERVICE_PORT, 443]));
    expect(ports).not.toContain(5432);
  });

  it("with database: postgres, takes the URL from a second ExternalSecret and may reach PostgreSQL", () => {
    const pg = modelOf(platformYaml("", "  gateway: { database: postgres, autoscaler: keda }\n"));
    const o = objectsOf(renderPlatformGateway(pg));
    const c = byKind(o, "Deployment").spec.template.spec.containers[0];
    expect(c.env).toContainEqual({
      name: "AIPLAT_GATEWAY_DB",
      valueFrom: { secretKeyRef: { name: "llm-gateway-db", key: "url" } },
    });
    expect(byKind(o, "NetworkPolicy").spec.egress[1].ports.map((p: any) => p.port)).toContain(5432);
    expect(byKind(o, "ScaledObject")).toBeDefined();
    const db = externalSecrets(pg).find((s) => s.metadata.name === "llm-gateway-db") as any;
    expect(db.spec.data[0].remoteRef).toEqual({ key: "llm-gateway/database", property: "url" });
    for (const x of o) expectValid(x);
  });

  it("is left out, with its secrets, when the spec turns it off", () => {
    const off = modelOf(platformYaml("", "  gateway: { enabled: false }\n"));
    expect(renderPlatformGateway(off)).toBeUndefined();
    expect(renderKubernetes(off).manifests.map((c) => c.component)).not.toContain("llm-gateway");
    expect(externalSecrets(off).some((s) => s.metadata.namespace === "llm-gateway")).toBe(false);
    expect(withAllComponents(off).components.some((c) => c.name === "llm-gateway")).toBe(false);
  });

  it("refuses one replica with the field named", () => {
    expect(() => modelOf(platformYaml("", "  gateway: { replicas: 1 }\n"))).toThrow(/spec\.gateway\.replicas/);
  });
});

describe("the gateway's SUMMARY.md note", () => {
  it("names the URL, the image to build and the Secrets Manager entries to create", () => {
    const [note] = gatewaySummaryLines(defaultModel());
    expect(note).toContain("http://llm-gateway.llm-gateway.svc.cluster.local/v1");
    expect(note).toContain("`aiplat-gateway:0.1.0`");
    expect(note).toContain("`ml-platform/llm-gateway/teams`, property `teams.yaml`");
    expect(note).not.toContain("PostgreSQL");
    expect(note).toContain("without a restart"); // routes and teams reload (docs/gateway.md)
  });

  it("drops the image step once the spec names one, adds the database URL with postgres, and is empty when off", () => {
    const [note] = gatewaySummaryLines(
      modelOf(platformYaml("", "  gateway: { image: r.example/gw:1, database: postgres }\n")),
    );
    expect(note).not.toContain("Dockerfile.gateway");
    expect(note).toContain("`t/llm-gateway/database`, property `url`");
    expect(gatewaySummaryLines(modelOf(platformYaml("", "  gateway: { enabled: false }\n")))).toEqual([]);
  });
});
