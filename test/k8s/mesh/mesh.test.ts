import { describe, expect, it } from "vitest";
import { controlPlaneValues, MESH_IDENTITY, meshIdentity, renderMesh } from "../../../src/k8s/mesh/index.js";
import { LABELS } from "../../../src/model/index.js";
import { defaultModel, expectSchemaValid, modelWith } from "../base/fixtures.js";

const model = defaultModel();
type Obj = ReturnType<typeof meshIdentity>[number];
const spec = (o: Obj) => o.spec as Record<string, unknown>;

describe("mesh", () => {
  it("every object is schema-valid", () => {
    for (const f of renderMesh(model).manifests.files) for (const o of f.objects) expectSchemaValid(o);
  });

  it("installs linkerd-crds, the CNI plugin and the control plane, with cert-manager and trust-manager", () => {
    expect(renderMesh(model).charts.map((c) => c.name)).toEqual([
      "cert-manager",
      "trust-manager",
      "linkerd-crds",
      "linkerd2-cni",
      "linkerd-control-plane",
    ]);
  });

  it("manages identity with cert-manager and trust-manager, no certificate material in values", () => {
    const objs = meshIdentity();
    const issuer = objs.find((o) => o.kind === "Certificate" && o.metadata.name === MESH_IDENTITY.identityIssuer)!;
    expect(issuer.metadata.namespace).toBe("linkerd");
    expect(spec(issuer)).toMatchObject({
      isCA: true,
      commonName: "identity.linkerd.cluster.local",
      privateKey: { algorithm: "ECDSA" },
      issuerRef: { kind: "ClusterIssuer", name: MESH_IDENTITY.trustAnchor },
    });
    const bundle = objs.find((o) => o.kind === "Bundle")!;
    expect(bundle.metadata.name).toBe("linkerd-identity-trust-roots");
    expect(spec(bundle)).toMatchObject({
      sources: [{ secret: { name: MESH_IDENTITY.trustAnchor, key: "ca.crt" } }],
      target: { configMap: { key: "ca-bundle.crt" } },
    });
    const values = controlPlaneValues(model);
    expect(values).toMatchObject({ identity: { externalCA: true, issuer: { scheme: "kubernetes.io/tls" } } });
    expect(JSON.stringify(values)).not.toMatch(/BEGIN|PEM/);
  });

  it("runs an HA control plane on the CPU pool, with the CNI plugin and proxy tracing to the collector", () => {
    const values = controlPlaneValues(model);
    const cpu = model.pools.find((p) => p.workloadTypes.includes("control"))!;
    expect(values).toMatchObject({
      controllerReplicas: 3,
      enablePodAntiAffinity: true,
      enablePodDisruptionBudget: true,
      cniEnabled: true,
      nodeSelector: { [LABELS.pool]: cpu.name },
      proxy: { tracing: { enabled: true, collector: { endpoint: "otel-collector.observability:4317" } } },
    });
    const noTracing = controlPlaneValues(modelWith("  observability:\n    tracing: none\n"));
    expect(noTracing.proxy).toBeUndefined();
  });

  it("renders nothing of Linkerd when the mesh is off (cert-manager stays for the load balancer controller)", () => {
    const off = renderMesh(modelWith("  networking:\n    mesh: none\n"));
    expect(off.manifests.files).toEqual([]);
    expect(off.charts.map((c) => c.name)).toEqual(["cert-manager"]);
    const none = renderMesh(modelWith("  networking:\n    mesh: none\n    ingress: none\n"));
    expect(none.charts).toEqual([]);
  });
});
