import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_TAG, CONTROLLER_SERVICE_ACCOUNTS } from "../../src/aws/index.js";
import { renderKubernetes } from "../../src/k8s/index.js";
import { FEAST_SERVICE_ACCOUNT } from "../../src/k8s/mlops/index.js";
import { FLUENT_BIT_SERVICE_ACCOUNT } from "../../src/k8s/observability/index.js";
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

  it("the Fluent Bit and Feast service accounts are the ones their charts run as", () => {
    expect(CONTROLLER_SERVICE_ACCOUNTS["fluent-bit"]).toEqual({
      namespace: FLUENT_BIT_SERVICE_ACCOUNT.namespace,
      serviceAccount: FLUENT_BIT_SERVICE_ACCOUNT.name,
    });
    expect(CONTROLLER_SERVICE_ACCOUNTS.feast).toEqual({
      namespace: FEAST_SERVICE_ACCOUNT.namespace,
      serviceAccount: FEAST_SERVICE_ACCOUNT.name,
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

/** The inline statements of the role a Pod Identity association gives `namespace/serviceAccount`. */
function statementsFor(t: Synthesized, namespace: string, serviceAccount: string): Record<string, unknown>[] {
  const association = resourcesOf(t, "AWS::EKS::PodIdentityAssociation").find(
    (a) => a.Properties?.Namespace === namespace && a.Properties?.ServiceAccount === serviceAccount,
  );
  if (association === undefined) return [];
  const roleId = ((association.Properties!.RoleArn as { "Fn::GetAtt": string[] })["Fn::GetAtt"] ?? [])[0]!;
  const role = t.json.Resources[roleId]!;
  const policies = (role.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

describe("log destinations other than CloudWatch, and Feast", () => {
  let os: Synthesized;
  let es: Synthesized;
  const head = "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: ml-platform }\nspec:\n";
  beforeAll(() => {
    os = synth(
      `${head}  observability: { logs: opensearch, logsEndpoint: vpc-platform-logs-abc123xyz.eu-west-1.es.amazonaws.com }\n  mlops: { featureStore: feast }\n`,
    );
    es = synth(`${head}  observability: { logs: elasticsearch, logsEndpoint: logs.example.internal }\n`);
  });
  afterAll(() => {
    os.cleanup();
    es.cleanup();
  });

  it("OpenSearch: Fluent Bit may only POST (its _bulk writes) to the domain the endpoint names, in its region, and nothing else", () => {
    const statements = statementsFor(os, "amazon-cloudwatch", "fluent-bit");
    expect(statements).toHaveLength(1);
    expect([statements[0]!.Action].flat()).toEqual(["es:ESHttpPost"]);
    const resource = JSON.stringify(statements[0]!.Resource);
    expect(resource).toContain(":es:eu-west-1:");
    expect(resource).toContain(":domain/platform-logs/*");
    expect(JSON.stringify(statements)).not.toContain("logs:");
  });

  it("OpenSearch: no CloudWatch log groups, and the role ARN is an output for the domain's role mapping", () => {
    const groups = resourcesOf(os, "AWS::Logs::LogGroup").map((g) => String(g.Properties?.LogGroupName));
    expect(groups.filter((g) => g.includes("containerinsights"))).toEqual([]);
    os.template.hasOutput("FluentBitRoleArn", {});
  });

  it("the default platform keeps Fluent Bit on its CloudWatch log groups, without an es: action", () => {
    const statements = JSON.stringify(statementsFor(s, "amazon-cloudwatch", "fluent-bit"));
    expect(statements).toContain("logs:PutLogEvents");
    expect(statements).not.toContain("es:");
  });

  it("Elasticsearch: Fluent Bit gets no AWS role", () => {
    expect(statementsFor(es, "amazon-cloudwatch", "fluent-bit")).toEqual([]);
    expect(
      resourcesOf(es, "AWS::EKS::PodIdentityAssociation").some((a) => a.Properties?.ServiceAccount === "fluent-bit"),
    ).toBe(false);
  });

  it("Feast: mlops/feast reads the registry under feast/ and the items of its project's DynamoDB tables", () => {
    const statements = statementsFor(os, "mlops", "feast");
    const byId = new Map(statements.map((st) => [st.Sid as string, st]));
    expect(byId.get("ListRegistryPrefix")!.Condition).toEqual({ StringLike: { "s3:prefix": ["feast/*"] } });
    expect(JSON.stringify(byId.get("ReadRegistry")!.Resource)).toContain("/feast/*");
    expect(byId.get("ReadRegistry")!.Action).toBe("s3:GetObject");
    const dynamo = byId.get("OnlineStoreItems")!;
    expect(dynamo.Action).toEqual([
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
    ]);
    // feature_store.yaml's project is the platform name with _ for -, tables are <project>.<feature view>.
    expect(JSON.stringify(dynamo.Resource)).toContain(":table/ml_platform.*");
  });

  it("Feast: no role when the feature store is off", () => {
    expect(statementsFor(s, "mlops", "feast")).toEqual([]);
  });
});
