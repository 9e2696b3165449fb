import { describe, expect, it } from "vitest";
import { ALB_SSL_POLICY, albIngressClass, renderIngress } from "../../../src/k8s/ingress/index.js";
import { vpcName } from "../../../src/model/index.js";
import { defaultModel, expectSchemaValid, modelWith } from "../base/fixtures.js";

const model = defaultModel();

describe("ingress", () => {
  it("every object is schema-valid", () => {
    for (const f of renderIngress(model).manifests.files) for (const o of f.objects) expectSchemaValid(o);
  });

  it("points the alb IngressClass at parameters with the spec's scheme and a TLS 1.2+ policy", () => {
    const [params, cls] = albIngressClass(model);
    expect(params!.spec).toMatchObject({ scheme: "internal", sslPolicy: ALB_SSL_POLICY });
    expect(cls!.spec).toEqual({
      controller: "ingress.k8s.aws/alb",
      parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: "alb" },
    });
    const [publicParams] = albIngressClass(modelWith("  networking:\n    ingressScheme: internet-facing\n"));
    expect(publicParams!.spec).toMatchObject({ scheme: "internet-facing" });
  });

  it("configures the controller for Pod Identity, the cluster, region and VPC by tag, webhook TLS by cert-manager", () => {
    const chart = renderIngress(model).charts[0]!;
    expect(chart.namespace).toBe("kube-system");
    expect(chart.values).toMatchObject({
      clusterName: model.cluster.name,
      region: model.aws.region,
      vpcTags: { Name: vpcName(model) },
      serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      enableCertManager: true,
      createIngressClassResource: false,
    });
    // Pod Identity needs no role annotation on the service account.
    expect(JSON.stringify(chart.values)).not.toContain("eks.amazonaws.com/role-arn");
    expect(JSON.stringify(chart.values)).not.toContain("vpcId");
  });

  it("renders nothing when the ingress is off", () => {
    const off = renderIngress(modelWith("  networking:\n    ingress: none\n"));
    expect(off.manifests.files).toEqual([]);
    expect(off.charts).toEqual([]);
  });
});
