/**
 * The EKS Argo CD capability (`AWS::EKS::Capability`, type `ARGOCD`): AWS runs Argo CD for the cluster, so the
 * app-of-apps in `gitops/` needs no in-cluster Argo CD install (docs.aws.amazon.com/eks/latest/userguide/
 * create-argocd-capability.html). Created when `spec.gitops.argocd.capability` is true; otherwise docs/gitops.md
 * gives the two-command bootstrap.
 *
 * What the capability needs and this construct cannot settle from the spec:
 * - AWS IAM Identity Center: Argo CD authenticates users through it only (no local users); its instance ARN is
 *   account-specific, so it is a required prop.
 * - The local cluster must be registered in Argo CD under the name `in-cluster` (the Applications' destination),
 *   and the capability role needs Kubernetes permissions through its access entry: both are post-deploy steps in
 *   docs/gitops.md, since EKS creates that access entry itself.
 * aws-cdk-lib has the L1 `CfnCapability` (aws-eks), used here.
 */
import type { CfnCapability } from "aws-cdk-lib/aws-eks";
import type { Role } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { eksL1, iam } from "./cdk.js";

/** The service principal EKS capabilities assume their role as. */
export const CAPABILITY_PRINCIPAL = "capabilities.eks.amazonaws.com";

/** Options of {@link addArgoCdCapability}. */
export interface ArgoCdCapabilityProps {
  /** Name of the EKS cluster (the model's `cluster.name`). */
  readonly clusterName: string;
  /** ARN of the AWS IAM Identity Center instance Argo CD authenticates users with. */
  readonly idcInstanceArn: string;
  /**
   * Region of the Identity Center instance.
   * @default - the stack's region
   */
  readonly idcRegion?: string;
  /**
   * Namespace Argo CD watches for Applications; the gitops/ Applications are written for `argocd`.
   * @default "argocd"
   */
  readonly namespace?: string;
  /**
   * Identity Center groups or users mapped to Argo CD roles (`ADMIN`, `EDITOR`, `VIEWER`).
   * @default - none: only the capability's creator can grant access later
   */
  readonly rbacRoleMappings?: readonly {
    readonly role: "ADMIN" | "EDITOR" | "VIEWER";
    readonly groupIds: readonly string[];
  }[];
  /**
   * Tags of the capability.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What {@link addArgoCdCapability} created. */
export interface ArgoCdCapability {
  readonly capability: CfnCapability;
  /** The role Argo CD acts as (add Secrets Manager or CodeConnections permissions for private repositories). */
  readonly role: Role;
}

/**
 * Adds the Argo CD capability and its IAM role to `scope`. The role trusts the EKS capabilities service principal
 * with `sts:AssumeRole` and `sts:TagSession` and has no permissions: a public Git repository and public Helm
 * repositories need none (docs.aws.amazon.com/eks/latest/userguide/capability-role.html).
 * Deletion keeps what Argo CD deployed (`deletePropagationPolicy: RETAIN`, the only value EKS accepts).
 */
export function addArgoCdCapability(scope: Construct, props: ArgoCdCapabilityProps): ArgoCdCapability {
  const role = new iam.Role(scope, "ArgoCdCapabilityRole", {
    // Capabilities tag their sessions: the trust policy allows sts:TagSession besides sts:AssumeRole.
    assumedBy: new iam.ServicePrincipal(CAPABILITY_PRINCIPAL).withSessionTags(),
    description: `EKS Argo CD capability of ${props.clusterName}`,
  });
  const capability = new eksL1.CfnCapability(scope, "ArgoCdCapability", {
    capabilityName: "argocd",
    clusterName: props.clusterName,
    type: "ARGOCD",
    roleArn: role.roleArn,
    deletePropagationPolicy: "RETAIN",
    configuration: {
      argoCd: {
        awsIdc: {
          idcInstanceArn: props.idcInstanceArn,
          ...(props.idcRegion === undefined ? {} : { idcRegion: props.idcRegion }),
        },
        namespace: props.namespace ?? "argocd",
        ...(props.rbacRoleMappings === undefined
          ? {}
          : {
              rbacRoleMappings: props.rbacRoleMappings.map((m) => ({
                role: m.role,
                identities: m.groupIds.map((id) => ({ id, type: "SSO_GROUP" })),
              })),
            }),
      },
    },
    tags: Object.entries(props.tags ?? {}).map(([key, value]) => ({ key, value })),
  });
  return { capability, role };
}
