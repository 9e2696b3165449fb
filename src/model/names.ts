/**
 * Names shared by the AWS stack and the in-cluster manifests, so the two agree without either importing the other.
 */
import type { PlatformModel } from "./types.js";

/** IAM role the Karpenter-launched nodes use (the AWS stack creates it; EC2NodeClass `role` names it). */
export function karpenterNodeRoleName(model: PlatformModel): string {
  return `${model.cluster.name}-karpenter-node`;
}

/** SQS queue Karpenter reads spot interruption and rebalance events from. */
export function karpenterInterruptionQueueName(model: PlatformModel): string {
  return `${model.cluster.name}-karpenter-interruption`;
}

/** Tag key and value that mark subnets and security groups for Karpenter's selectors. */
export function karpenterDiscoveryTag(model: PlatformModel): { key: string; value: string } {
  return { key: "karpenter.sh/discovery", value: model.cluster.name };
}

/**
 * The VPC's `Name` tag. The AWS Load Balancer Controller finds its VPC by this tag (`--aws-vpc-tags`), since the VPC
 * id is unknown at synthesis and reading it from IMDS would need a hop limit that also lets pods reach the node role.
 */
export function vpcName(model: PlatformModel): string {
  return `${model.cluster.name}-vpc`;
}

/** Feast's project name (a Python identifier): the platform name with `_` for `-`. */
export function feastProject(model: PlatformModel): string {
  return model.name.replace(/-/g, "_");
}

/**
 * Prefix of the DynamoDB tables of Feast's online store: with `table_name_template` `{project}.{table_name}` every
 * table is `<project>.<feature view>`, so the AWS stack scopes the server's role to `table/<project>.*`.
 */
export function feastTablePrefix(model: PlatformModel): string {
  return `${feastProject(model)}.`;
}

/** Key prefix of Feast's registry in the models bucket (`s3://<bucket>/feast/registry.db`). */
export const FEAST_REGISTRY_PREFIX = "feast/";
