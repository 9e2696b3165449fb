/**
 * `PodIdentityRole`: an IAM role a Kubernetes service account assumes through EKS Pod Identity, with its inline
 * least-privilege policy and (unless an add-on carries it) the `AWS::EKS::PodIdentityAssociation`.
 * Pod Identity needs no OIDC provider and no per-cluster trust policy edits: the trust is the `pods.eks.amazonaws.com`
 * service principal with `sts:AssumeRole` and `sts:TagSession` (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
 */
import type { CfnPodIdentityAssociation } from "aws-cdk-lib/aws-eks-v2";
import type { IManagedPolicy, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { eks, iam } from "./cdk.js";

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** Options of a {@link PodIdentityRole}. */
export interface PodIdentityRoleProps {
  /** Name of the EKS cluster the association belongs to. */
  readonly clusterName: string;
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly serviceAccount: string;
  /** The role's least-privilege permissions, written into one inline policy. */
  readonly statements: readonly PolicyStatement[];
  /**
   * AWS managed policies to attach (only where AWS maintains the exact permission set, e.g. the CSI drivers').
   * @default - none
   */
  readonly managedPolicies?: readonly IManagedPolicy[];
  /**
   * Create the `AWS::EKS::PodIdentityAssociation`. Turn it off when an EKS add-on declares the association itself
   * (`CfnAddon.podIdentityAssociations`), since EKS rejects two associations for one service account.
   * @default true
   */
  readonly associate?: boolean;
  /**
   * Explicit role name, for roles other resources refer to by name.
   * @default - a name CloudFormation generates
   */
  readonly roleName?: string;
  /** What the role is for, written into its description. */
  readonly description: string;
}

/** An IAM role for one Kubernetes service account, assumed through EKS Pod Identity. */
export class PodIdentityRole extends Construct {
  /** The IAM role. */
  readonly role: Role;
  /** The association, when this construct created one. */
  readonly association?: CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const principal = new iam.ServicePrincipal(POD_IDENTITY_PRINCIPAL);
    this.role = new iam.Role(this, "Role", {
      // Pod Identity calls AssumeRole and TagSession (it adds the session tags eks-cluster-name, namespace, ...).
      assumedBy: principal.withSessionTags(),
      description: `${props.description} (Pod Identity ${props.namespace}/${props.serviceAccount})`,
      ...(props.roleName === undefined ? {} : { roleName: props.roleName }),
      ...(props.managedPolicies === undefined ? {} : { managedPolicies: [...props.managedPolicies] }),
      ...(props.statements.length === 0
        ? {}
        : { inlinePolicies: { LeastPrivilege: new iam.PolicyDocument({ statements: [...props.statements] }) } }),
    });
    if (props.associate ?? true) {
      this.association = new eks.CfnPodIdentityAssociation(this, "Association", {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.roleArn,
      });
    }
  }
}
