import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { karpenterInterruptionQueueName, karpenterNodeRoleName } from "../../src/model/index.js";
import { CPU_ONLY_PLATFORM_YAML, MNG_PLATFORM_YAML, resourcesOf, type Synthesized, synth } from "./synth-helper.js";

describe("Karpenter prerequisites (default platform)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth();
  });
  afterAll(() => s.cleanup());

  it("has the interruption queue, SSE and TLS-only", () => {
    s.template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: karpenterInterruptionQueueName(s.model),
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 300,
    });
    s.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("has four EventBridge rules targeting the queue", () => {
    s.template.resourceCountIs("AWS::Events::Rule", 4);
    const detailTypes = resourcesOf(s, "AWS::Events::Rule").map(
      (r) => (r.Properties!.EventPattern as { "detail-type": string[] })["detail-type"][0],
    );
    expect(detailTypes.sort()).toEqual([
      "AWS Health Event",
      "EC2 Instance Rebalance Recommendation",
      "EC2 Instance State-change Notification",
      "EC2 Spot Instance Interruption Warning",
    ]);
  });

  it("has the node role with its EC2_LINUX access entry", () => {
    s.template.hasResourceProperties("AWS::IAM::Role", { RoleName: karpenterNodeRoleName(s.model) });
    s.template.hasResourceProperties("AWS::EKS::AccessEntry", { Type: "EC2_LINUX" });
  });

  it("has the controller's Pod Identity association, with a cluster-scoped policy", () => {
    s.template.hasResourceProperties("AWS::EKS::PodIdentityAssociation", {
      Namespace: "kube-system",
      ServiceAccount: "karpenter",
    });
    s.template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Principal: { Service: "pods.eks.amazonaws.com" },
          }),
        ],
      },
      Policies: [
        Match.objectLike({
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Sid: "AllowScopedDeletion",
                Condition: Match.objectLike({
                  StringEquals: { "aws:ResourceTag/kubernetes.io/cluster/ml-platform": "owned" },
                }),
              }),
            ]),
          },
        }),
      ],
    });
  });

  it("outputs the queue name and node role name", () => {
    const outputs = Object.keys(s.template.findOutputs("*"));
    expect(outputs.some((o) => o.startsWith("KarpenterInterruptionQueueName"))).toBe(true);
    expect(outputs.some((o) => o.startsWith("KarpenterNodeRoleName"))).toBe(true);
  });
});

describe.each([
  ["provisioner: managed-node-groups", MNG_PLATFORM_YAML, 4],
  ["a CPU-only platform", CPU_ONLY_PLATFORM_YAML, 1],
])("%s", (_name, yaml, groups) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(yaml);
  });
  afterAll(() => s.cleanup());

  it("has no Karpenter resources and one node group per pool", () => {
    s.template.resourceCountIs("AWS::SQS::Queue", 0);
    s.template.resourceCountIs("AWS::Events::Rule", 0);
    s.template.resourceCountIs("AWS::EKS::AccessEntry", 0);
    expect(s.model.pools).toHaveLength(groups);
    s.template.resourceCountIs("AWS::EKS::Nodegroup", groups);
    const serviceAccounts = resourcesOf(s, "AWS::EKS::PodIdentityAssociation").map((r) => r.Properties?.ServiceAccount);
    expect(serviceAccounts).not.toContain("karpenter");
    expect(serviceAccounts).toContain("cluster-autoscaler");
  });

  it("passes cdk-nag", () => {
    expect(s.result.nag.errors).toBe(0);
  });
});
