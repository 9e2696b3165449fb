import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_TAG, CONTROLLER_SERVICE_ACCOUNTS } from "../../src/aws/index.js";
import { renderKubernetes } from "../../src/k8s/index.js";
import { vpcName } from "../../src/model/index.js";
import { resourcesOf, type Synthesized, synth } from "./synth-helper.js";

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
afterAll(() => s.cleanup());

describe("EFS", () => {
  it("is encrypted, with a mount target per zone and the model's access points", () => {
    s.template.hasResourceProperties("AWS::EFS::FileSystem", { Encrypted: true, ThroughputMode: "elastic" });
    s.template.resourceCountIs("AWS::EFS::MountTarget", 3);
    const paths = resourcesOf(s, "AWS::EFS::AccessPoint").map(
      (r) => (r.Properties!.RootDirectory as { Path: string }).Path,
    );
    expect(paths).toEqual(s.model.storage.efs.accessPoints.map((a) => `/${a}`));
    s.template.hasResourceProperties("AWS::EFS::AccessPoint", {
      PosixUser: { Uid: "1000", Gid: "1000" },
      RootDirectory: { CreationInfo: { OwnerUid: "1000", OwnerGid: "1000", Permissions: "0775" }, Path: "/datasets" },
    });
  });

  it("accepts NFS only", () => {
    s.template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", {
      IpProtocol: "tcp",
      FromPort: 2049,
      ToPort: 2049,
    });
  });
});

describe("S3", () => {
  it("has the model's buckets plus Velero's, versioned, with public access blocked", () => {
    s.template.resourceCountIs("AWS::S3::Bucket", s.model.storage.s3.buckets.length + 1);
    for (const b of resourcesOf(s, "AWS::S3::Bucket")) {
      expect(b.Properties?.VersioningConfiguration).toEqual({ Status: "Enabled" });
      expect(b.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it("encrypts data buckets with KMS and logs their access to the logs bucket", () => {
    const kms = resourcesOf(s, "AWS::S3::Bucket").filter((b) =>
      JSON.stringify(b.Properties?.BucketEncryption).includes("aws:kms"),
    );
    expect(kms).toHaveLength(3);
    for (const b of kms) expect(b.Properties?.LoggingConfiguration).toBeDefined();
  });

  it("expires the logs bucket's objects after logsExpirationDays", () => {
    s.template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ ExpirationInDays: s.model.storage.s3.logsExpirationDays, Status: "Enabled" }),
        ]),
      },
    });
  });

  it("denies non-TLS access on every bucket", () => {
    const policies = resourcesOf(s, "AWS::S3::BucketPolicy");
    expect(policies).toHaveLength(4);
    for (const p of policies) {
      expect(JSON.stringify(p.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe("Pod Identity", () => {
  it.each([
    ["kube-system", "aws-load-balancer-controller"],
    ["external-secrets", "external-secrets"],
    ["amazon-cloudwatch", "fluent-bit"],
    ["velero", "velero"],
    ["mlops", "mlflow"],
    ["observability", "otel-collector"],
    ["kube-system", "cluster-autoscaler"],
    ["kube-system", "karpenter"],
  ])("associates %s/%s with its role", (namespace, serviceAccount) => {
    s.template.hasResourceProperties("AWS::EKS::PodIdentityAssociation", {
      ClusterName: Match.anyValue(),
      Namespace: namespace,
      ServiceAccount: serviceAccount,
      RoleArn: Match.anyValue(),
    });
  });

  it("scopes External Secrets to the platform's secret prefix", () => {
    const statements = JSON.stringify(resourcesOf(s, "AWS::IAM::Role").map((r) => r.Properties?.Policies));
    expect(statements).toContain(`:secret:${s.model.security.secrets.prefix}*`);
  });

  it("conditions Cluster Autoscaler's scaling on the cluster's tag", () => {
    const statements = JSON.stringify(resourcesOf(s, "AWS::IAM::Role").map((r) => r.Properties?.Policies));
    expect(statements).toContain('"aws:ResourceTag/k8s.io/cluster-autoscaler/ml-platform":"owned"');
  });
});

describe("AWS Backup", () => {
  it("has a KMS-encrypted vault and a plan with the model's schedule and retention", () => {
    s.template.hasResourceProperties("AWS::Backup::BackupVault", { EncryptionKeyArn: Match.anyValue() });
    s.template.hasResourceProperties("AWS::Backup::BackupPlan", {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: s.model.backup.awsBackup.schedule,
            Lifecycle: { DeleteAfterDays: s.model.backup.awsBackup.retentionDays },
          }),
        ],
      },
    });
  });

  it("selects the EFS file system and resources tagged for backup", () => {
    s.template.hasResourceProperties("AWS::Backup::BackupSelection", {
      BackupSelection: Match.objectLike({
        Resources: [Match.anyValue()],
        ListOfTags: [{ ConditionKey: BACKUP_TAG.key, ConditionType: "STRINGEQUALS", ConditionValue: BACKUP_TAG.value }],
      }),
    });
  });
});

describe("bucket names the manifests use", () => {
  it("names the models and Velero buckets as MLflow and Velero expect them", () => {
    s.template.hasResourceProperties("AWS::S3::Bucket", { BucketName: `${s.model.name}-models` });
    s.template.hasResourceProperties("AWS::S3::Bucket", { BucketName: `${s.model.name}-velero-backups` });
  });
});

describe("the stack and the manifests agree", () => {
  it("tags the VPC with the Name the load balancer controller looks for", () => {
    s.template.hasResourceProperties("AWS::EC2::VPC", {
      Tags: Match.arrayWith([{ Key: "Name", Value: vpcName(s.model) }]),
    });
  });

  it("every Pod Identity namespace is one the tenancy component creates (or kube-system)", () => {
    const created = new Set(
      renderKubernetes(s.model)
        .manifests.flatMap((c) => c.files.flatMap((f) => f.objects))
        .filter((o) => o.kind === "Namespace")
        .map((o) => o.metadata.name),
    );
    for (const { namespace } of Object.values(CONTROLLER_SERVICE_ACCOUNTS)) {
      if (namespace !== "kube-system") expect(created, namespace).toContain(namespace);
    }
  });
});
