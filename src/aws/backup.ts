/**
 * `PlatformBackup`: an AWS Backup vault (customer-managed KMS key) and plan on the model's schedule and retention,
 * selecting the EFS file system and every resource tagged {@link BACKUP_TAG} (the EBS volumes of persistent volumes:
 * the gp3/io2 StorageClasses pass the tag to the EBS CSI driver through `tagSpecification_1`).
 * Cluster state itself is backed up by Velero (EKS gives no access to etcd; DESIGN.md section 9).
 */

import type { BackupPlan, BackupVault } from "aws-cdk-lib/aws-backup";
import type { IFileSystem } from "aws-cdk-lib/aws-efs";
import { Construct } from "constructs";
import type { PlatformModel } from "../model/index.js";
import { backup, core, events, kms } from "./cdk.js";

/**
 * The tag that puts a resource into the platform's AWS Backup plan. StorageClasses set it on the EBS volumes they
 * provision (`parameters: {tagSpecification_1: "eks-ai-platform/backup=true"}`).
 */
export const BACKUP_TAG = { key: "eks-ai-platform/backup", value: "true" } as const;

/** Options of {@link PlatformBackup}. */
export interface PlatformBackupProps {
  readonly model: PlatformModel;
  /** The EFS file system to back up. @default - none: only tagged resources */
  readonly fileSystem?: IFileSystem;
}

/** The AWS Backup vault, plan and selection. */
export class PlatformBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: PlatformBackupProps) {
    super(scope, id);
    const { model } = props;
    const aws = model.backup.awsBackup;
    this.vault = new backup.BackupVault(this, "Vault", {
      backupVaultName: `${model.cluster.name}-backup`,
      encryptionKey: new kms.Key(this, "VaultKey", {
        description: `${model.cluster.name} AWS Backup vault`,
        enableKeyRotation: true,
      }),
    });
    this.plan = new backup.BackupPlan(this, "Plan", {
      backupPlanName: `${model.cluster.name}-daily`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: "scheduled",
          scheduleExpression: events.Schedule.expression(aws.schedule),
          deleteAfter: core.Duration.days(aws.retentionDays),
        }),
      ],
    });
    const selection = this.plan.addSelection("Selection", {
      resources: [
        ...(props.fileSystem ? [backup.BackupResource.fromEfsFileSystem(props.fileSystem)] : []),
        backup.BackupResource.fromTag(BACKUP_TAG.key, BACKUP_TAG.value),
      ],
    });
    core.Validations.of(selection).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]",
      reason: "AWS Backup's service role policy: AWS maintains the per-service snapshot permissions it needs",
    });
  }
}
