import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { addArgoCdCapability } from "../../src/aws/argocd-capability.js";

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
