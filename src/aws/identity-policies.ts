/**
 * Least-privilege statements of the in-cluster controllers that call AWS (besides Karpenter, the load balancer
 * controller and the CSI drivers, which have their own files or AWS managed policies).
 */

import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { core, iam } from "./cdk.js";

const statement = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
  new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) });

/** External Secrets Operator: read the secrets under the platform's prefix, nothing else. */
export function externalSecretsStatements(prefix: string): PolicyStatement[] {
  const arn = `arn:${core.Aws.PARTITION}:secretsmanager:${core.Aws.REGION}:${core.Aws.ACCOUNT_ID}:secret:${prefix}*`;
  return [
    statement(
      "ReadPlatformSecrets",
      [
        "secretsmanager:GetSecretValue",
        "secretsmanager:DescribeSecret",
        "secretsmanager:ListSecretVersionIds",
        "secretsmanager:GetResourcePolicy",
      ],
      [arn],
    ),
  ];
}

/** Fluent Bit: write streams into the platform's log groups (it does not create groups; the stack does). */
export function fluentBitStatements(logGroupArns: readonly string[]): PolicyStatement[] {
  return [
    statement(
      "WriteLogs",
      ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      logGroupArns.flatMap((a) => [a, `${a}:log-stream:*`]),
    ),
  ];
}

/**
 * Fluent Bit's `opensearch` output with `AWS_Auth On`: SigV4-signed HTTP requests to one Amazon OpenSearch Service
 * domain. Fluent Bit writes only with `POST /_bulk` (docs.fluentbit.io, outputs/opensearch: `Path`), so `ESHttpPost`
 * alone (least privilege; no PUT, GET or DELETE). Scoped to the domain's paths, in the domain's region.
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html
 */
export function fluentBitOpenSearchStatements(domain: { domainName: string; region: string }): PolicyStatement[] {
  const arn = `arn:${core.Aws.PARTITION}:es:${domain.region}:${core.Aws.ACCOUNT_ID}:domain/${domain.domainName}/*`;
  return [statement("WriteOpenSearch", ["es:ESHttpPost"], [arn])];
}

/**
 * Feast's feature server: read the registry (`s3://<bucket>/<prefix>registry.db`; listing the prefix lets a missing
 * registry read as "not found" rather than "access denied"), and read and write items of this project's DynamoDB
 * tables (`<project>.<feature view>`: online reads are BatchGetItem/GetItem, pushes BatchWriteItem). Creating and
 * deleting tables is `feast apply`'s, run by the feature repository's owner, not the server.
 * https://docs.feast.dev/reference/online-stores/dynamodb#permissions
 */
export function feastStatements(props: {
  bucket: IBucket;
  key?: IKey;
  registryPrefix: string;
  tablePrefix: string;
}): PolicyStatement[] {
  const table = `arn:${core.Aws.PARTITION}:dynamodb:${core.Aws.REGION}:${core.Aws.ACCOUNT_ID}:table/${props.tablePrefix}*`;
  return [
    statement("ListRegistryPrefix", ["s3:ListBucket"], [props.bucket.bucketArn], {
      StringLike: { "s3:prefix": [`${props.registryPrefix}*`] },
    }),
    statement("ReadRegistry", ["s3:GetObject"], [props.bucket.arnForObjects(`${props.registryPrefix}*`)]),
    ...(props.key ? [statement("UseBucketKey", ["kms:Decrypt"], [props.key.keyArn])] : []),
    statement(
      "OnlineStoreItems",
      ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"],
      [table],
    ),
  ];
}

/**
 * The OpenTelemetry collector's X-Ray exporter: send segments and telemetry, read sampling rules. X-Ray has no
 * resource-level permissions for these actions, so the resource is `*`.
 * https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html
 */
export function xrayWriteStatements(): PolicyStatement[] {
  return [
    statement(
      "WriteTraces",
      ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
      ["*"],
    ),
  ];
}

/** Read and write objects of one bucket encrypted with one KMS key (MLflow artifacts, Velero backups). */
export function bucketReadWriteStatements(bucket: IBucket, key?: IKey): PolicyStatement[] {
  return [
    statement("ListBucket", ["s3:ListBucket", "s3:GetBucketLocation"], [bucket.bucketArn]),
    statement(
      "ReadWriteObjects",
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      [bucket.arnForObjects("*")],
    ),
    ...(key ? [statement("UseBucketKey", ["kms:Decrypt", "kms:GenerateDataKey"], [key.keyArn])] : []),
  ];
}

/** Velero: its bucket, and EBS snapshots of the volumes it backs up (deleting only the snapshots it made). */
export function veleroStatements(bucket: IBucket, key?: IKey): PolicyStatement[] {
  const ec2 = (r: string) => `arn:${core.Aws.PARTITION}:ec2:${core.Aws.REGION}:${r}`;
  return [
    ...bucketReadWriteStatements(bucket, key),
    // Describe calls support no resource-level permissions.
    statement("DescribeVolumes", ["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], ["*"]),
    statement("Snapshot", ["ec2:CreateSnapshot"], [ec2(`${core.Aws.ACCOUNT_ID}:volume/*`), ec2(":snapshot/*")]),
    statement("Restore", ["ec2:CreateVolume"], [ec2(`${core.Aws.ACCOUNT_ID}:volume/*`), ec2(":snapshot/*")]),
    statement("TagOnCreate", ["ec2:CreateTags"], [ec2(`${core.Aws.ACCOUNT_ID}:volume/*`), ec2(":snapshot/*")], {
      StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] },
    }),
    // Velero tags every snapshot it takes with velero.io/backup.
    statement("DeleteOwnSnapshots", ["ec2:DeleteSnapshot"], [ec2(":snapshot/*")], {
      Null: { "aws:ResourceTag/velero.io/backup": "false" },
    }),
  ];
}

/** Cluster Autoscaler: scale and terminate only groups tagged as this cluster's, read the rest. */
export function clusterAutoscalerStatements(clusterName: string): PolicyStatement[] {
  return [
    statement(
      "Read",
      [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
      ],
      ["*"],
    ),
    // Labels and taints of managed node groups, for scale-from-zero.
    statement(
      "DescribeNodegroups",
      ["eks:DescribeNodegroup"],
      [`arn:${core.Aws.PARTITION}:eks:${core.Aws.REGION}:${core.Aws.ACCOUNT_ID}:nodegroup/${clusterName}/*/*`],
    ),
    statement(
      "ScaleOwnGroups",
      ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      ["*"],
      { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
    ),
  ];
}
