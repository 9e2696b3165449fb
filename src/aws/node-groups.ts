/**
 * `ManagedNodeGroups`: one EKS managed node group per pool whose provisioner is `managed-node-group` (the CPU pool
 * that runs the platform, and by default the MIG pool, which Karpenter cannot provision for). Labels and taints come
 * from the model unchanged, so these nodes look exactly like Karpenter's. Each group has a launch template with an
 * encrypted gp3 root volume and IMDSv2 with hop limit 1 (pods cannot reach the node's credentials; they use Pod
 * Identity), and the Cluster Autoscaler tags that let it discover the group and scale it from zero.
 */

import type { CfnNodegroup, ICluster } from "aws-cdk-lib/aws-eks-v2";
import type { Role } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { PlatformModel, PoolModel, Taint } from "../model/index.js";
import { core, ec2, eks, iam } from "./cdk.js";

/** Options of {@link ManagedNodeGroups}. */
export interface ManagedNodeGroupsProps {
  readonly model: PlatformModel;
  readonly cluster: ICluster;
}

/** AWS managed policies of a node role (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html). */
export const NODE_ROLE_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryReadOnly",
  // Session Manager instead of SSH keys for break-glass access to a node.
  "AmazonSSMManagedInstanceCore",
] as const;

/** Root device of the EKS-optimised Amazon Linux 2023 AMIs. */
const AL2023_ROOT_DEVICE = "/dev/xvda";

/** Kubernetes taint effects as the EKS API spells them. */
const EFFECTS: Record<Taint["effect"], string> = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

/** The managed node groups of the model's pools. */
export class ManagedNodeGroups extends Construct {
  /** Node groups by pool name. */
  readonly nodeGroups: Readonly<Record<string, CfnNodegroup>>;
  /** The role every managed node group's nodes use. */
  readonly nodeRole: Role;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupsProps) {
    super(scope, id);
    const { model, cluster } = props;
    this.nodeRole = nodeRole(this, "NodeRole", `${model.cluster.name} managed node groups`);
    const groups: Record<string, CfnNodegroup> = {};
    for (const pool of model.pools.filter((p) => p.provisioner === "managed-node-group")) {
      const launchTemplate = new ec2.LaunchTemplate(this, `${pool.name}-launch-template`, {
        blockDevices: [
          {
            deviceName: AL2023_ROOT_DEVICE,
            volume: ec2.BlockDeviceVolume.ebs(pool.rootVolumeGiB, {
              volumeType: ec2.EbsDeviceVolumeType.GP3,
              encrypted: true,
              deleteOnTermination: true,
            }),
          },
        ],
        // IMDSv2 only, one hop: a pod's extra network hop cannot reach the instance role's credentials.
        requireImdsv2: true,
        httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
        httpPutResponseHopLimit: 1,
      });
      // The L1 resource: the L2 Nodegroup second-guesses the AMI type from instance-name prefixes and rejects the
      // NVIDIA AMI for GPU families its table does not know (p4de, p5); the model already knows which pools have GPUs.
      groups[pool.name] = new eks.CfnNodegroup(this, pool.name, {
        clusterName: cluster.clusterName,
        nodeRole: this.nodeRole.roleArn,
        subnets: cluster.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
        instanceTypes: [...pool.instanceTypes],
        // With a launch template the disk is the template's (diskSize is not allowed).
        launchTemplate: { id: launchTemplate.launchTemplateId!, version: launchTemplate.latestVersionNumber },
        amiType: pool.role === "gpu" ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD",
        capacityType: pool.capacityTypes[0] === "spot" ? "SPOT" : "ON_DEMAND",
        scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: pool.minNodes },
        labels: { ...pool.labels },
        ...(pool.taints.length === 0
          ? {}
          : {
              taints: pool.taints.map((t) => ({
                key: t.key,
                ...(t.value === undefined ? {} : { value: t.value }),
                effect: EFFECTS[t.effect],
              })),
            }),
        tags: clusterAutoscalerTags(model.cluster.name, pool),
      });
    }
    this.nodeGroups = groups;
  }
}

/** An EC2 node role with the worker, CNI, ECR read-only and SSM managed policies (shared with Karpenter's nodes). */
export function nodeRole(scope: Construct, id: string, description: string, roleName?: string): Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
    description,
    ...(roleName === undefined ? {} : { roleName }),
    managedPolicies: NODE_ROLE_POLICIES.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
  });
  for (const p of NODE_ROLE_POLICIES) {
    core.Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`,
      reason: `EKS requires ${p} on node roles; AWS keeps it in step with the kubelet, VPC CNI and ECR APIs`,
    });
  }
  return role;
}

/**
 * Cluster Autoscaler tags: auto-discovery (`enabled`, `<cluster>: owned`) and node templates, so it can scale a group
 * from zero knowing the labels, taints and extended resources (GPUs, MIG slices) a new node will have.
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
 */
export function clusterAutoscalerTags(clusterName: string, pool: PoolModel): Record<string, string> {
  const prefix = "k8s.io/cluster-autoscaler";
  const tags: Record<string, string> = {
    [`${prefix}/enabled`]: "true",
    [`${prefix}/${clusterName}`]: "owned",
  };
  for (const [k, v] of Object.entries(pool.labels)) tags[`${prefix}/node-template/label/${k}`] = v;
  // Value format `<value>:<Effect>`, e.g. `mig:NoSchedule`.
  for (const t of pool.taints) tags[`${prefix}/node-template/taint/${t.key}`] = `${t.value ?? ""}:${t.effect}`;
  if (pool.role === "gpu") {
    for (const [resource, n] of Object.entries(pool.capacity[0]?.resources ?? {})) {
      tags[`${prefix}/node-template/resources/${resource}`] = String(n);
    }
  }
  return tags;
}
