import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { addArgoCdCapability } from "../../src/aws/argocd-capability.js";
import { loadPlatform } from "../../src/model/index.js";
import { synth } from "./synth-helper.js";

describe("addArgoCdCapability", () => {
  it("creates an ARGOCD capability with Identity Center and a role trusted by the capabilities service", () => {
    const stack = new Stack(new App(), "S", { env: { region: "us-west-2", account: "111122223333" } });
    addArgoCdCapability(stack, {
      clusterName: "ml-platform",
      idcInstanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
      rbacRoleMappings: [{ role: "ADMIN", groupIds: ["g-1"] }],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties("AWS::EKS::Capability", {
      Type: "ARGOCD",
      ClusterName: "ml-platform",
      DeletePropagationPolicy: "RETAIN",
      Configuration: {
        ArgoCd: {
          Namespace: "argocd",
          AwsIdc: { IdcInstanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef" },
          RbacRoleMappings: [{ Role: "ADMIN", Identities: [{ Id: "g-1", Type: "SSO_GROUP" }] }],
        },
      },
    });
    const roles = Object.values(t.findResources("AWS::IAM::Role"));
    expect(roles).toHaveLength(1);
    const statement = (roles[0] as { Properties: { AssumeRolePolicyDocument: { Statement: unknown[] } } }).Properties
      .AssumeRolePolicyDocument.Statement[0];
    expect(statement).toMatchObject({
      Principal: { Service: "capabilities.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    });
  });
});

describe("the stack creates the capability when the spec asks for it", () => {
  const head = "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: cap }\nspec:\n";

  it("with an Identity Center instance: one ARGOCD capability on the platform's cluster, nag still clean", () => {
    const s = synth(
      `${head}  gitops:\n    argocd:\n      capability: true\n      identityCenterInstanceArn: arn:aws:sso:::instance/ssoins-0123456789abcdef\n`,
    );
    try {
      s.template.resourceCountIs("AWS::EKS::Capability", 1);
      s.template.hasResourceProperties("AWS::EKS::Capability", { Type: "ARGOCD" });
      expect(s.result.nag.errors).toBe(0);
    } finally {
      s.cleanup();
    }
  });

  it("without one: the spec is refused with AIP028", () => {
    const r = loadPlatform(`${head}  gitops:\n    argocd:\n      capability: true\n`);
    expect(r.findings).toEqual([
      expect.objectContaining({ code: "AIP028", path: "spec.gitops.argocd.capability", line: 7 }),
    ]);
  });

  it("the default platform has none", () => {
    const s = synth();
    try {
      s.template.resourceCountIs("AWS::EKS::Capability", 0);
    } finally {
      s.cleanup();
    }
  });
});
