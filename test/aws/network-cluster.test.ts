import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EKS_ADDON_NAMES } from "../../src/catalog/index.js";
import { resourcesOf, type Synthesized, synth } from "./synth-helper.js";

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
afterAll(() => s.cleanup());

describe("VPC", () => {
  it("spans the model's three availability zones with a public and a private subnet each", () => {
    s.template.resourceCountIs("AWS::EC2::VPC", 1);
    s.template.resourceCountIs("AWS::EC2::Subnet", 6);
    const zones = resourcesOf(s, "AWS::EC2::Subnet").map((r) => r.Properties?.AvailabilityZone);
    expect(new Set(zones)).toEqual(new Set(s.model.aws.availabilityZones));
    expect(s.model.aws.availabilityZones).toHaveLength(3);
  });

  it("has one NAT gateway per zone and flow logs", () => {
    s.template.resourceCountIs("AWS::EC2::NatGateway", s.model.networking.natGateways);
    s.template.hasResourceProperties("AWS::EC2::FlowLog", { ResourceType: "VPC", TrafficType: "ALL" });
  });

  it("tags subnets for the load balancer controller and Karpenter discovery", () => {
    s.template.hasResourceProperties("AWS::EC2::Subnet", {
      MapPublicIpOnLaunch: false,
      Tags: Match.arrayWith([{ Key: "kubernetes.io/role/elb", Value: "1" }]),
    });
    s.template.hasResourceProperties("AWS::EC2::Subnet", {
      Tags: Match.arrayWith([
        { Key: "karpenter.sh/discovery", Value: "ml-platform" },
        { Key: "kubernetes.io/role/internal-elb", Value: "1" },
      ]),
    });
  });

  it("puts the model's tags on every taggable resource", () => {
    s.template.hasResourceProperties("AWS::EC2::VPC", {
      Tags: Match.arrayWith([{ Key: "eks-ai-platform/platform", Value: "ml-platform" }]),
    });
  });
});

describe("EKS cluster", () => {
  it("is a native AWS::EKS::Cluster with the pinned version, KMS secrets encryption, logging and API auth", () => {
    s.template.resourceCountIs("AWS::EKS::Cluster", 1);
    s.template.hasResourceProperties("AWS::EKS::Cluster", {
      Name: "ml-platform",
      Version: s.model.cluster.kubernetesVersion,
      AccessConfig: { AuthenticationMode: "API" },
      BootstrapSelfManagedAddons: false,
      ComputeConfig: { Enabled: false },
      EncryptionConfig: [{ Provider: { KeyArn: Match.anyValue() }, Resources: ["secrets"] }],
      Logging: {
        ClusterLogging: { EnabledTypes: s.model.cluster.controlPlaneLogging.map((t) => ({ Type: t })) },
      },
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: true }),
    });
    s.template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("tags the shared node security group for Karpenter", () => {
    s.template.hasResourceProperties("AWS::EC2::SecurityGroup", {
      Tags: Match.arrayWith([{ Key: "karpenter.sh/discovery", Value: "ml-platform" }]),
    });
  });
});

describe("EKS add-ons", () => {
  it.each(EKS_ADDON_NAMES)("%s is pinned to the catalog version", (name) => {
    s.template.hasResourceProperties("AWS::EKS::Addon", {
      AddonName: name,
      AddonVersion: s.model.cluster.addons[name],
    });
  });

  it("vpc-cni enforces network policy", () => {
    const cni = resourcesOf(s, "AWS::EKS::Addon").find((r) => r.Properties?.AddonName === "vpc-cni");
    expect(JSON.parse(cni?.Properties?.ConfigurationValues as string)).toEqual({ enableNetworkPolicy: "true" });
  });

  it.each([
    ["aws-ebs-csi-driver", "ebs-csi-controller-sa"],
    ["aws-efs-csi-driver", "efs-csi-controller-sa"],
  ])("%s gets a Pod Identity association for %s", (name, serviceAccount) => {
    s.template.hasResourceProperties("AWS::EKS::Addon", {
      AddonName: name,
      PodIdentityAssociations: [{ ServiceAccount: serviceAccount, RoleArn: Match.anyValue() }],
    });
  });
});
