/**
 * `PlatformAddons`: the EKS managed add-ons of `model.cluster.addons`, each pinned to its catalog version. The VPC CNI
 * enforces NetworkPolicy (its eBPF agent), and the two CSI drivers get their AWS permissions through Pod Identity.
 */

import type { CfnAddon } from "aws-cdk-lib/aws-eks-v2";
import { Construct } from "constructs";
import { EKS_ADDON_NAMES, type EksAddonName } from "../catalog/index.js";
import type { PlatformModel } from "../model/index.js";
import { core, eks, iam } from "./cdk.js";
import { PodIdentityRole } from "./pod-identity.js";

/** Options of {@link PlatformAddons}. */
export interface PlatformAddonsProps {
  readonly model: PlatformModel;
  /** Name of the cluster (a token of the cluster resource, so add-ons wait for it). */
  readonly clusterName: string;
}

/**
 * The service account and AWS managed policy of each add-on that calls AWS. AWS maintains these policies for the
 * drivers' exact API use (tag-scoped volume and access-point operations):
 * https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html, https://docs.aws.amazon.com/eks/latest/userguide/efs-csi.html
 */
const ADDON_IDENTITIES: Partial<Record<EksAddonName, { serviceAccount: string; managedPolicy: string }>> = {
  "aws-ebs-csi-driver": {
    serviceAccount: "ebs-csi-controller-sa",
    managedPolicy: "service-role/AmazonEBSCSIDriverPolicy",
  },
  "aws-efs-csi-driver": {
    serviceAccount: "efs-csi-controller-sa",
    managedPolicy: "service-role/AmazonEFSCSIDriverPolicy",
  },
};

/** Add-ons that need running nodes before they can become active (their pods schedule on nodes). */
export const ADDONS_NEEDING_NODES: ReadonlySet<EksAddonName> = new Set([
  "coredns",
  "aws-ebs-csi-driver",
  "aws-efs-csi-driver",
]);

/** The cluster's managed add-ons. */
export class PlatformAddons extends Construct {
  /** Each add-on by name. */
  readonly addons: Readonly<Record<EksAddonName, CfnAddon>>;
  /** The Pod Identity roles of the add-ons that call AWS. */
  readonly roles: Readonly<Partial<Record<EksAddonName, PodIdentityRole>>>;

  constructor(scope: Construct, id: string, props: PlatformAddonsProps) {
    super(scope, id);
    const { model, clusterName } = props;
    const addons = {} as Record<EksAddonName, CfnAddon>;
    const roles: Partial<Record<EksAddonName, PodIdentityRole>> = {};
    for (const name of EKS_ADDON_NAMES) {
      const identity = ADDON_IDENTITIES[name];
      let role: PodIdentityRole | undefined;
      if (identity) {
        role = new PodIdentityRole(this, `${name}-role`, {
          clusterName,
          namespace: "kube-system",
          serviceAccount: identity.serviceAccount,
          statements: [],
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(identity.managedPolicy)],
          // The add-on declares the association itself, so EKS creates it with the add-on.
          associate: false,
          description: `EKS add-on ${name}`,
        });
        core.Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${identity.managedPolicy}]`,
          reason: `AWS maintains ${identity.managedPolicy} for the ${name} add-on's exact, tag-scoped API use; it moves with the driver version`,
        });
        roles[name] = role;
      }
      addons[name] = new eks.CfnAddon(this, name, {
        clusterName,
        addonName: name,
        addonVersion: model.cluster.addons[name],
        // The cluster starts without self-managed copies (bootstrapSelfManagedAddons: false), so nothing to overwrite;
        // OVERWRITE keeps a re-deploy authoritative over drift.
        resolveConflicts: "OVERWRITE",
        ...(name === "vpc-cni"
          ? // The CNI's network policy agent enforces Kubernetes NetworkPolicy (the platform's default-deny).
            // https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
            { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) }
          : {}),
        ...(role && identity
          ? { podIdentityAssociations: [{ serviceAccount: identity.serviceAccount, roleArn: role.role.roleArn }] }
          : {}),
      });
    }
    this.addons = addons;
    this.roles = roles;
  }
}
