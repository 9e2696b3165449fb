/**
 * `PlatformNetwork`: the VPC over the model's availability zones, private subnets for nodes and pods, public subnets
 * for internet-facing load balancers, NAT gateways, VPC flow logs, and the subnet tags the AWS Load Balancer
 * Controller and Karpenter discover subnets by.
 */

import type { ISubnet, Vpc } from "aws-cdk-lib/aws-ec2";
import { Construct } from "constructs";
import { karpenterDiscoveryTag, type PlatformModel, vpcName } from "../model/index.js";
import { core, ec2, logs } from "./cdk.js";
import { retentionAtLeast } from "./retention.js";

/** Options of {@link PlatformNetwork}. */
export interface PlatformNetworkProps {
  readonly model: PlatformModel;
}

/** Tag values the AWS Load Balancer Controller reads to pick subnets (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/). */
export const SUBNET_ROLE_TAGS = {
  public: "kubernetes.io/role/elb",
  private: "kubernetes.io/role/internal-elb",
} as const;

/** The platform's VPC. */
export class PlatformNetwork extends Construct {
  /** The VPC. */
  readonly vpc: Vpc;
  /** Private subnets (nodes, pods, EFS mount targets, the cluster's ENIs), one per availability zone. */
  readonly privateSubnets: readonly ISubnet[];

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    const { model } = props;
    const prefix = Number(model.networking.vpcCidr.split("/")[1]);
    const azs = model.aws.availabilityZones;
    const flowLogs = new logs.LogGroup(this, "FlowLogs", {
      retention: retentionAtLeast(model.observability.logRetentionDays),
    });
    this.vpc = new ec2.Vpc(this, "Vpc", {
      // The AWS Load Balancer Controller finds its VPC by this Name tag (`vpcTags`), see model/names.ts.
      vpcName: vpcName(model),
      ipAddresses: ec2.IpAddresses.cidr(model.networking.vpcCidr),
      // Explicit zones: an environment-agnostic stack would otherwise get only two (Fn::GetAZs 0 and 1).
      availabilityZones: [...azs],
      natGateways: model.networking.natGateways,
      // Private subnets get an eighth of the VPC each: the VPC CNI gives every pod a VPC address.
      subnetConfiguration: [
        {
          name: "public",
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: Math.min(prefix + 6, 28),
          mapPublicIpOnLaunch: false,
        },
        { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: prefix + 3 },
      ],
      // The CDK implements this with a Lambda-backed custom resource; the platform ships no Lambda.
      restrictDefaultSecurityGroup: false,
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    this.privateSubnets = this.vpc.privateSubnets;
    const discovery = karpenterDiscoveryTag(model);
    for (const subnet of this.vpc.publicSubnets) core.Tags.of(subnet).add(SUBNET_ROLE_TAGS.public, "1");
    for (const subnet of this.vpc.privateSubnets) {
      core.Tags.of(subnet).add(SUBNET_ROLE_TAGS.private, "1");
      core.Tags.of(subnet).add(discovery.key, discovery.value);
    }
  }
}
