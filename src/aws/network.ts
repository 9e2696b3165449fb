/**
 * `PlatformNetwork`: the VPC over the model's availability zones, private subnets for nodes and pods, public subnets
 * for internet-facing load balancers, NAT gateways, VPC flow logs, and the subnet tags the AWS Load Balancer
 * Controller and Karpenter discover subnets by.
 */

import {
  FlowLogDestination,
  FlowLogTrafficType,
  IpAddresses,
  type ISubnet,
  SubnetType,
  Vpc,
} from "aws-cdk-lib/aws-ec2";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Tags } from "aws-cdk-lib/core";
import { Construct } from "constructs";
import { karpenterDiscoveryTag, type PlatformModel } from "../model/index.js";
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
    const flowLogs = new LogGroup(this, "FlowLogs", {
      retention: retentionAtLeast(model.observability.logRetentionDays),
    });
    this.vpc = new Vpc(this, "Vpc", {
      ipAddresses: IpAddresses.cidr(model.networking.vpcCidr),
      // Explicit zones: an environment-agnostic stack would otherwise get only two (Fn::GetAZs 0 and 1).
      availabilityZones: [...azs],
      natGateways: model.networking.natGateways,
      // Private subnets get an eighth of the VPC each: the VPC CNI gives every pod a VPC address.
      subnetConfiguration: [
        {
          name: "public",
          subnetType: SubnetType.PUBLIC,
          cidrMask: Math.min(prefix + 6, 28),
          mapPublicIpOnLaunch: false,
        },
        { name: "private", subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: prefix + 3 },
      ],
      // The CDK implements this with a Lambda-backed custom resource; the platform ships no Lambda.
      restrictDefaultSecurityGroup: false,
      flowLogs: {
        all: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL },
      },
    });
    this.privateSubnets = this.vpc.privateSubnets;
    const discovery = karpenterDiscoveryTag(model);
    for (const subnet of this.vpc.publicSubnets) Tags.of(subnet).add(SUBNET_ROLE_TAGS.public, "1");
    for (const subnet of this.vpc.privateSubnets) {
      Tags.of(subnet).add(SUBNET_ROLE_TAGS.private, "1");
      Tags.of(subnet).add(discovery.key, discovery.value);
    }
  }
}
