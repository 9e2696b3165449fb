/**
 * The AWS Load Balancer Controller's policy: the upstream `iam_policy.json` (v2.x) with its tag conditions narrowed
 * from "any cluster's tag" (`Null: false`) to this cluster's (`elbv2.k8s.aws/cluster = <cluster>`), so the controller
 * of another cluster in the account cannot be impersonated through this role.
 * https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/docs/install/iam_policy.json
 */

import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { core, iam } from "./cdk.js";

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const elb = (resource: string) =>
  `arn:${core.Aws.PARTITION}:elasticloadbalancing:${core.Aws.REGION}:${core.Aws.ACCOUNT_ID}:${resource}`;
const sgs = () => `arn:${core.Aws.PARTITION}:ec2:${core.Aws.REGION}:${core.Aws.ACCOUNT_ID}:security-group/*`;

/** The controller's statements, scoped to one cluster. */
export function loadBalancerControllerStatements(clusterName: string): PolicyStatement[] {
  const ownResource = { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: clusterName } };
  const ownRequest = { StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName } };
  const lbs = [elb("loadbalancer/app/*/*"), elb("loadbalancer/net/*/*"), elb("targetgroup/*/*")];
  const listeners = [
    elb("listener/net/*/*/*"),
    elb("listener/app/*/*/*"),
    elb("listener-rule/net/*/*/*"),
    elb("listener-rule/app/*/*/*"),
  ];
  const s = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) });
  return [
    s("CreateElbServiceLinkedRole", ["iam:CreateServiceLinkedRole"], ["*"], {
      StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
    }),
    // Describe and certificate/WAF lookups support no resource-level permissions.
    s(
      "Read",
      [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
      ],
      ["*"],
    ),
    s("CreateSecurityGroup", ["ec2:CreateSecurityGroup"], ["*"]),
    s("TagNewSecurityGroup", ["ec2:CreateTags"], [sgs()], {
      StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName },
    }),
    s("ManageOwnSecurityGroups", ["ec2:CreateTags", "ec2:DeleteTags", "ec2:DeleteSecurityGroup"], [sgs()], ownResource),
    // Ingress rules are added to the node security groups too, which the controller does not own.
    s("ManageSecurityGroupIngress", ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], [sgs()]),
    s(
      "CreateLoadBalancers",
      ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      ["*"],
      ownRequest,
    ),
    s(
      "ManageListeners",
      [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      ["*"],
    ),
    s(
      "TagOwnLoadBalancers",
      ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      [...lbs, ...listeners],
      ownResource,
    ),
    s("TagOnCreate", ["elasticloadbalancing:AddTags"], lbs, {
      StringEquals: {
        "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"],
        [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName,
      },
    }),
    s(
      "ManageOwnLoadBalancers",
      [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      ["*"],
      ownResource,
    ),
    s(
      "RegisterTargets",
      ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      [elb("targetgroup/*/*")],
    ),
    s(
      "ManageListenerSettings",
      [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      ["*"],
    ),
  ];
}
