/**
 * Karpenter `karpenter.k8s.aws/v1` EC2NodeClass: how a pool's nodes are launched on EC2 (AMI, IAM role, subnets,
 * security groups, root volume, instance metadata). One per Karpenter pool, named after the pool, because the root
 * volume size is a pool setting. https://karpenter.sh/docs/concepts/nodeclasses/
 */
import {
  karpenterDiscoveryTag,
  karpenterNodeRoleName,
  LABELS,
  type PlatformModel,
  type PoolModel,
} from "../../model/index.js";
import type { KubeObject } from "../types.js";

/** API version of the EC2NodeClass kind. */
export const EC2_NODE_CLASS_API_VERSION = "karpenter.k8s.aws/v1";

/**
 * The EC2NodeClass of a Karpenter pool.
 * - AMI: the EKS-optimised AL2023 release pinned in the catalog (`al2023@<release>`); on GPU instance types Karpenter
 *   picks that release's NVIDIA variant, which ships the driver and container toolkit (so the GPU Operator does not).
 * - IAM role: the one the AWS stack creates (`karpenterNodeRoleName`), so the two never disagree.
 * - Subnets and security groups: those the AWS stack tags `karpenter.sh/discovery: <cluster>`.
 * - Root volume: encrypted gp3 of `pool.rootVolumeGiB` (model container images are tens of GiB).
 * - IMDSv2 only, hop limit 1: pods cannot reach the node role's credentials through the metadata service; they use
 *   EKS Pod Identity instead. https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
 */
export function ec2NodeClass(model: PlatformModel, pool: PoolModel): KubeObject {
  const discovery = karpenterDiscoveryTag(model);
  // A fresh object per use: shared references would come out of a YAML writer as anchors and aliases.
  const selector = () => ({ tags: { [discovery.key]: discovery.value } });
  return {
    apiVersion: EC2_NODE_CLASS_API_VERSION,
    kind: "EC2NodeClass",
    metadata: { name: pool.name },
    spec: {
      role: karpenterNodeRoleName(model),
      amiSelectorTerms: [{ alias: `al2023@${model.cluster.amiRelease}` }],
      subnetSelectorTerms: [selector()],
      securityGroupSelectorTerms: [selector()],
      blockDeviceMappings: [
        {
          // AL2023 AMIs boot from /dev/xvda.
          deviceName: "/dev/xvda",
          rootVolume: true,
          ebs: {
            volumeSize: `${pool.rootVolumeGiB}Gi`,
            volumeType: "gp3",
            encrypted: true,
            deleteOnTermination: true,
          },
        },
      ],
      metadataOptions: {
        httpEndpoint: "enabled",
        httpProtocolIPv6: "disabled",
        httpPutResponseHopLimit: 1,
        httpTokens: "required",
      },
      // The platform's tags plus the pool, so cost reports can split EC2 spend per pool.
      tags: { ...model.aws.tags, [LABELS.pool]: pool.name },
    },
  };
}
