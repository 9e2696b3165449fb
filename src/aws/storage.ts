/**
 * `PlatformStorage`: the shared EFS file system (datasets, models, checkpoints) with a mount target per zone and an
 * access point per model entry, and the S3 buckets (artifacts, logs, model registry): KMS-encrypted, versioned, public
 * access blocked, TLS only, with server access logs and a lifecycle on the logs bucket.
 */

import type { ISecurityGroup, Vpc } from "aws-cdk-lib/aws-ec2";
import type { AccessPoint, FileSystem } from "aws-cdk-lib/aws-efs";
import type { Key } from "aws-cdk-lib/aws-kms";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { PlatformModel } from "../model/index.js";
import { core, ec2, efs, kms, s3 } from "./cdk.js";

/** Options of {@link PlatformStorage}. */
export interface PlatformStorageProps {
  readonly model: PlatformModel;
  readonly vpc: Vpc;
  /** Security groups of the nodes that mount EFS (the EKS cluster security group and the shared node group). */
  readonly clientSecurityGroups: readonly ISecurityGroup[];
}

/**
 * POSIX identity every EFS access point enforces: whatever UID a pod runs as (restricted Pod Security gives arbitrary
 * non-root UIDs), files are owned by this user and group, so pods of one platform share them.
 */
export const EFS_POSIX_IDENTITY = { uid: "1000", gid: "1000", permissions: "0775" } as const;

/** Name of the S3 bucket that receives server access logs when the model has no `logs` bucket. */
const ACCESS_LOGS = "access-logs";

/** Name (in {@link PlatformStorage.buckets}) of the bucket Velero writes cluster backups to, when Velero is enabled. */
export const VELERO_BUCKET = "velero-backups";

/** The platform's file system and buckets. */
export class PlatformStorage extends Construct {
  /** The EFS file system, when `storage.efsSpec.enabled`. */
  readonly fileSystem?: FileSystem;
  /** EFS access points by name. */
  readonly accessPoints: Readonly<Record<string, AccessPoint>>;
  /** Buckets by their model name (`artifacts`, `logs`, `models`), plus `velero-backups` when Velero is enabled. */
  readonly buckets: Readonly<Record<string, Bucket>>;
  /** The key that encrypts the buckets. */
  readonly bucketKey: Key;

  constructor(scope: Construct, id: string, props: PlatformStorageProps) {
    super(scope, id);
    const { model } = props;
    const efsSpec = model.storage.efs;
    const accessPoints: Record<string, AccessPoint> = {};
    if (efsSpec.enabled) {
      const sg = new ec2.SecurityGroup(this, "EfsSecurityGroup", {
        vpc: props.vpc,
        description: `${model.cluster.name} EFS mount targets: NFS from the cluster's nodes`,
        allowAllOutbound: false,
      });
      for (const client of props.clientSecurityGroups) sg.addIngressRule(client, ec2.Port.tcp(2049), "NFS from nodes");
      const fs = new efs.FileSystem(this, "FileSystem", {
        vpc: props.vpc,
        // One mount target per private subnet, that is per availability zone.
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroup: sg,
        encrypted: true,
        throughputMode: efsSpec.throughputMode === "elastic" ? efs.ThroughputMode.ELASTIC : efs.ThroughputMode.BURSTING,
        performanceMode:
          efsSpec.performanceMode === "maxIO" ? efs.PerformanceMode.MAX_IO : efs.PerformanceMode.GENERAL_PURPOSE,
        // AWS Backup (backup.ts) backs it up on the platform's schedule instead of the EFS default plan.
        enableAutomaticBackups: false,
      });
      for (const name of efsSpec.accessPoints) {
        accessPoints[name] = fs.addAccessPoint(name, {
          path: `/${name}`,
          posixUser: { uid: EFS_POSIX_IDENTITY.uid, gid: EFS_POSIX_IDENTITY.gid },
          createAcl: {
            ownerUid: EFS_POSIX_IDENTITY.uid,
            ownerGid: EFS_POSIX_IDENTITY.gid,
            permissions: EFS_POSIX_IDENTITY.permissions,
          },
        });
      }
      this.fileSystem = fs;
    }
    this.accessPoints = accessPoints;
    this.bucketKey = new kms.Key(this, "BucketKey", {
      description: `${model.cluster.name} S3 buckets`,
      enableKeyRotation: true,
    });
    this.buckets = this.createBuckets(model);
  }

  private createBuckets(model: PlatformModel): Record<string, Bucket> {
    const s3Spec = model.storage.s3;
    const names: string[] = [...s3Spec.buckets, ...(model.backup.velero.enabled ? [VELERO_BUCKET] : [])];
    const logsName = names.includes("logs") ? "logs" : ACCESS_LOGS;
    // S3 delivers server access logs only to a bucket encrypted with SSE-S3, never SSE-KMS
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html), so the logs bucket
    // is the one bucket with S3-managed keys.
    const logs = new s3.Bucket(this, logsName, {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: s3Spec.versioning,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: "expire-logs", expiration: core.Duration.days(s3Spec.logsExpirationDays) },
        { id: "expire-noncurrent", noncurrentVersionExpiration: core.Duration.days(s3Spec.logsExpirationDays) },
        { id: "abort-uploads", abortIncompleteMultipartUploadAfter: core.Duration.days(7) },
      ],
    });
    core.Validations.of(logs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This bucket is the server access log destination of the others; logging it into itself would loop",
    });
    const buckets: Record<string, Bucket> = { [logsName]: logs };
    for (const name of names.filter((n) => n !== logsName)) {
      const bucketName = fixedBucketName(model, name);
      buckets[name] = new s3.Bucket(this, name, {
        ...(bucketName === undefined ? {} : { bucketName }),
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.bucketKey,
        // S3 Bucket Keys cut KMS requests (and cost) by orders of magnitude for large model artifacts.
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: s3Spec.versioning,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: logs,
        serverAccessLogsPrefix: `${name}/`,
        lifecycleRules: [{ id: "abort-uploads", abortIncompleteMultipartUploadAfter: core.Duration.days(7) }],
      });
    }
    return buckets;
  }
}

/**
 * Buckets the in-cluster manifests name directly get that exact name (MLflow's artifact store, Velero's backup
 * location): `spec.mlops.modelsBucket` / `spec.backup.velero.bucket`, or the same defaults the manifests use. S3 names
 * are global: a default that another account already took fails the deploy, and the spec field is the way out.
 * The other buckets keep CloudFormation-generated names (the stack outputs them).
 */
export function fixedBucketName(model: PlatformModel, bucket: string): string | undefined {
  if (bucket === "models") return model.mlops.modelsBucket ?? `${model.name}-models`;
  if (bucket === VELERO_BUCKET) return model.backup.velero.bucket ?? `${model.name}-velero-backups`;
  return undefined;
}
