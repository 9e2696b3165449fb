/**
 * The Karpenter controller's least-privilege policy, statement for statement as Karpenter's reference CloudFormation
 * (v1, `KarpenterControllerPolicy`) writes it: EC2 writes only on resources tagged for this cluster and a node pool,
 * instance profiles only with this cluster's and region's tags, reads region-scoped, PassRole only for the node role.
 * https://github.com/aws/karpenter-provider-aws/blob/main/website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml
 */

import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { core, iam } from "./cdk.js";

/** What the controller's policy is scoped to. */
export interface KarpenterPolicyScope {
  readonly clusterName: string;
  /** ARN of the cluster (for `eks:DescribeCluster`). */
  readonly clusterArn: string;
  readonly queueArn: string;
  readonly nodeRoleArn: string;
}

const ec2 = (resource: string, account = "*") =>
  `arn:${core.Aws.PARTITION}:ec2:${core.Aws.REGION}:${account}:${resource}`;

/** The controller's policy statements. */
export function karpenterControllerStatements(scope: KarpenterPolicyScope): PolicyStatement[] {
  const owned = `kubernetes.io/cluster/${scope.clusterName}`;
  const launched = [
    "fleet/*",
    "instance/*",
    "volume/*",
    "network-interface/*",
    "launch-template/*",
    "spot-instances-request/*",
  ];
  const allow = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) });
  return [
    allow(
      "AllowScopedEC2InstanceAccessActions",
      ["ec2:RunInstances", "ec2:CreateFleet"],
      [
        ec2("image/*", ""),
        ec2("snapshot/*", ""),
        ec2("security-group/*"),
        ec2("subnet/*"),
        ec2("capacity-reservation/*"),
      ],
    ),
    allow(
      "AllowScopedEC2LaunchTemplateAccessActions",
      ["ec2:RunInstances", "ec2:CreateFleet"],
      [ec2("launch-template/*")],
      {
        StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
      },
    ),
    allow(
      "AllowScopedEC2InstanceActionsWithTags",
      ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      launched.map((r) => ec2(r)),
      {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": scope.clusterName,
        },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    ),
    allow(
      "AllowScopedResourceCreationTagging",
      ["ec2:CreateTags"],
      launched.map((r) => ec2(r)),
      {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": scope.clusterName,
          "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
        },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    ),
    allow("AllowScopedResourceTagging", ["ec2:CreateTags"], [ec2("instance/*")], {
      StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
      StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
      StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": scope.clusterName },
      "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
    }),
    allow(
      "AllowScopedDeletion",
      ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      [ec2("instance/*"), ec2("launch-template/*")],
      {
        StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
      },
    ),
    // Describe calls support no resource-level permissions; the region condition is the narrowest scope.
    allow(
      "AllowRegionalReadActions",
      [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
      ["*"],
      { StringEquals: { "aws:RequestedRegion": core.Aws.REGION } },
    ),
    allow(
      "AllowSSMReadActions",
      ["ssm:GetParameter"],
      [`arn:${core.Aws.PARTITION}:ssm:${core.Aws.REGION}::parameter/aws/service/*`],
    ),
    allow("AllowPricingReadActions", ["pricing:GetProducts"], ["*"]),
    allow(
      "AllowInterruptionQueueActions",
      ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
      [scope.queueArn],
    ),
    allow("AllowPassingInstanceRole", ["iam:PassRole"], [scope.nodeRoleArn], {
      StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] },
    }),
    ...instanceProfileStatements(scope.clusterName, owned),
    allow("AllowAPIServerEndpointDiscovery", ["eks:DescribeCluster"], [scope.clusterArn]),
  ];
}

/** Karpenter creates one instance profile per EC2NodeClass, tagged with the cluster, region and node class. */
function instanceProfileStatements(clusterName: string, owned: string): PolicyStatement[] {
  const profiles = [`arn:${core.Aws.PARTITION}:iam::${core.Aws.ACCOUNT_ID}:instance-profile/*`];
  const region = "topology.kubernetes.io/region";
  const nodeClass = "karpenter.k8s.aws/ec2nodeclass";
  return [
    new iam.PolicyStatement({
      sid: "AllowScopedInstanceProfileCreationActions",
      actions: ["iam:CreateInstanceProfile"],
      resources: profiles,
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": clusterName,
          [`aws:RequestTag/${region}`]: core.Aws.REGION,
        },
        StringLike: { [`aws:RequestTag/${nodeClass}`]: "*" },
      },
    }),
    new iam.PolicyStatement({
      sid: "AllowScopedInstanceProfileTagActions",
      actions: ["iam:TagInstanceProfile"],
      resources: profiles,
      conditions: {
        StringEquals: {
          [`aws:ResourceTag/${owned}`]: "owned",
          [`aws:ResourceTag/${region}`]: core.Aws.REGION,
          [`aws:RequestTag/${owned}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": clusterName,
          [`aws:RequestTag/${region}`]: core.Aws.REGION,
        },
        StringLike: { [`aws:ResourceTag/${nodeClass}`]: "*", [`aws:RequestTag/${nodeClass}`]: "*" },
      },
    }),
    new iam.PolicyStatement({
      sid: "AllowScopedInstanceProfileActions",
      actions: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      resources: profiles,
      conditions: {
        StringEquals: { [`aws:ResourceTag/${owned}`]: "owned", [`aws:ResourceTag/${region}`]: core.Aws.REGION },
        StringLike: { [`aws:ResourceTag/${nodeClass}`]: "*" },
      },
    }),
    new iam.PolicyStatement({
      sid: "AllowInstanceProfileReadActions",
      actions: ["iam:GetInstanceProfile", "iam:ListInstanceProfiles"],
      resources: profiles,
    }),
  ];
}
