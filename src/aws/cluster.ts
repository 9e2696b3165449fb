/**
 * `PlatformCluster`: the EKS control plane as a native `AWS::EKS::Cluster` (`aws-eks-v2`: no kubectl Lambda, no
 * Helm custom resources; in-cluster components arrive through GitOps). Pinned Kubernetes version, Secrets
 * envelope-encrypted with a customer-managed KMS key, every control-plane log type the model asks for, API
 * authentication mode (access entries, no aws-auth ConfigMap), endpoint access from the model, and no default
 * capacity: node groups and Karpenter come from the model's pools.
 */

import type { SecurityGroup, Vpc } from "aws-cdk-lib/aws-ec2";
import type { CfnCluster, Cluster, ClusterLoggingTypes, EndpointAccess } from "aws-cdk-lib/aws-eks-v2";
import type { Key } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { karpenterDiscoveryTag, type PlatformModel } from "../model/index.js";
import { core, ec2, eks, kms } from "./cdk.js";

/** Options of {@link PlatformCluster}. */
export interface PlatformClusterProps {
  readonly model: PlatformModel;
  /** The VPC; the control plane's ENIs go to its private subnets. */
  readonly vpc: Vpc;
}

/** The EKS cluster. */
export class PlatformCluster extends Construct {
  /** The `aws-eks-v2` cluster. */
  readonly cluster: Cluster;
  /** The KMS key that envelope-encrypts Kubernetes Secrets. */
  readonly secretsKey: Key;
  /**
   * The shared node security group, tagged `karpenter.sh/discovery` so Karpenter's EC2NodeClass selects it.
   * Why not the EKS-created cluster security group: EKS creates that group itself and CloudFormation cannot tag a
   * group it does not own without a custom resource (a Lambda). This group is what eksctl calls the shared node
   * security group: all traffic is open between it and the cluster security group, both ways, so Karpenter nodes,
   * managed-node-group nodes and the control plane reach each other as if they shared one group.
   */
  readonly nodeSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);
    const { model, vpc } = props;
    this.secretsKey = new kms.Key(this, "SecretsKey", {
      description: `${model.cluster.name} EKS Secrets envelope encryption`,
      enableKeyRotation: true,
    });
    this.cluster = new eks.Cluster(this, "Cluster", {
      clusterName: model.cluster.name,
      version: eks.KubernetesVersion.of(model.cluster.kubernetesVersion),
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      // Not EKS Auto Mode: the platform manages its node groups (GPU AMIs, MIG, taints) and Karpenter itself.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      endpointAccess: endpointAccess(model),
      secretsEncryptionKey: this.secretsKey,
      clusterLogging: model.cluster.controlPlaneLogging.map((t) => t as ClusterLoggingTypes),
      // The creator (the deploying role) gets an admin access entry, so the first `kubectl` and Argo CD work.
      bootstrapClusterCreatorAdminPermissions: true,
      // No self-managed vpc-cni/coredns/kube-proxy: the managed add-ons (addons.ts) are the only copies, pinned.
      bootstrapSelfManagedAddons: false,
      securityGroup: new ec2.SecurityGroup(this, "ControlPlaneSecurityGroup", {
        vpc,
        description: `${model.cluster.name} EKS control plane (additional security group)`,
        allowAllOutbound: false,
      }),
    });
    core.Validations.of(this.cluster.role).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKSClusterPolicy]",
      reason: "EKS requires AmazonEKSClusterPolicy on the cluster role; AWS updates it with the control plane",
    });
    if (model.cluster.endpoint !== "private" && model.cluster.publicAccessCidrs.length === 0) {
      // cdk-nag's EKS rules check the aws-eks CfnCluster class, not aws-eks-v2's, so today this rule does not fire on
      // this cluster; the acknowledgment records the decision for when it does.
      core.Validations.of(this.cluster).acknowledge({
        id: "AwsSolutions-EKS1",
        reason:
          "The spec asks for a public API endpoint open to any address (spec.cluster.publicAccessCidrs empty) so operators and CI reach it without a VPN; every request still needs IAM authentication and an access entry. Restrict it with publicAccessCidrs or endpoint: private",
      });
    }
    const discovery = karpenterDiscoveryTag(model);
    this.nodeSecurityGroup = new ec2.SecurityGroup(this, "NodeSecurityGroup", {
      vpc,
      description: `${model.cluster.name} shared node security group (Karpenter nodes)`,
      allowAllOutbound: true,
    });
    core.Tags.of(this.nodeSecurityGroup).add(discovery.key, discovery.value);
    core.Tags.of(this.nodeSecurityGroup).add(`kubernetes.io/cluster/${model.cluster.name}`, "owned");
    const clusterSg = this.cluster.clusterSecurityGroup;
    this.nodeSecurityGroup.addIngressRule(this.nodeSecurityGroup, ec2.Port.allTraffic(), "node to node");
    this.nodeSecurityGroup.addIngressRule(clusterSg, ec2.Port.allTraffic(), "control plane and managed nodes to nodes");
    clusterSg.addIngressRule(
      this.nodeSecurityGroup,
      ec2.Port.allTraffic(),
      "Karpenter nodes to control plane and nodes",
    );
    if (model.cluster.endpoint === "public" && model.cluster.publicAccessCidrs.length > 0) {
      // EKS accepts a public-only endpoint restricted to CIDRs; the CDK's EndpointAccess only allows that together
      // with the private endpoint, so the CIDRs go in as a property override.
      (this.cluster.node.defaultChild as CfnCluster).addPropertyOverride("ResourcesVpcConfig.PublicAccessCidrs", [
        ...model.cluster.publicAccessCidrs,
      ]);
    }
  }
}

function endpointAccess(model: PlatformModel): EndpointAccess {
  const cidrs = model.cluster.publicAccessCidrs;
  switch (model.cluster.endpoint) {
    case "private":
      return eks.EndpointAccess.PRIVATE;
    case "public":
      return eks.EndpointAccess.PUBLIC;
    default:
      return cidrs.length > 0
        ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...cidrs)
        : eks.EndpointAccess.PUBLIC_AND_PRIVATE;
  }
}
