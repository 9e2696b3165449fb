/**
 * The `platform.yaml` schema (apiVersion `eks-ai-platform/v1alpha1`, kind `Platform`). Every field has a documented
 * default; the defaults reproduce the seed's architecture with its factual errors corrected (DESIGN.md section 9).
 * Only shape and per-field values are checked here; checks that need facts (instance types, MIG placements) or
 * several fields at once live in `model/validate.ts`.
 */
import { z } from "zod";
import { defaultNodePools, defaultTeams } from "./seed-defaults.js";
import { WORKLOAD_TYPES } from "./workload-types.js";

/** A DNS-1123 label: Kubernetes namespace, pool and team names. */
const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
  error: "must be a DNS label: lowercase letters, digits and '-', 1-63 characters",
});

/** A Kubernetes resource quantity such as `256`, `500m`, `2Ti`. */
const quantity = z.union([
  z.int().nonnegative(),
  z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/, {
    error: "must be a Kubernetes quantity like 256, 500m or 2Ti",
  }),
]);

/** A duration as Kubernetes and Karpenter write it, e.g. `720h`, `30m`. */
const duration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, { error: "must be a duration like 720h or 30m" });

/** Replicas per GPU for time-slicing and MPS: 1 would not share; past 16 a replica's memory budget is impractical. */
export const SHARING_REPLICAS = { min: 2, max: 16 } as const;
const replicas = z.int().describe(`replicas per GPU, ${SHARING_REPLICAS.min} to ${SHARING_REPLICAS.max}`);

const gpuSharing = z
  .strictObject({
    timeSlicing: z
      .strictObject({ replicas })
      .optional()
      .describe("NVIDIA device-plugin time-slicing: each GPU is advertised `replicas` times as nvidia.com/gpu"),
    mps: z
      .strictObject({ replicas })
      .optional()
      .describe("NVIDIA MPS sharing: like time-slicing, with equal memory fractions enforced by the device plugin"),
    mig: z
      .strictObject({
        layout: z
          .array(z.string())
          .describe("MIG profile of each GPU instance on every GPU, e.g. [3g.40gb, 2g.20gb, 1g.10gb, 1g.10gb]"),
      })
      .optional()
      .describe("Multi-Instance GPU: every GPU of the node is split into this layout (mig.strategy mixed)"),
  })
  .describe("How the pool's GPUs are shared; at most one method. Default: no sharing (whole GPUs).");

/** One node pool (exported so a pool can be checked on its own when the rest of the spec is broken). */
export const nodePoolSchema = z.strictObject({
  instanceTypes: z.array(z.string()).min(1).describe("EC2 instance types of the pool's nodes (one GPU model per pool)"),
  workloadTypes: z
    .array(z.enum(WORKLOAD_TYPES))
    .min(1)
    .describe("workload types the pool admits; each becomes a node label"),
  gpuSharing: gpuSharing.optional(),
  taints: z
    .array(z.string())
    .default([])
    .describe('node taints as "key=value:Effect" (Effect: NoSchedule, PreferNoSchedule, NoExecute). Default: none'),
  labels: z.record(z.string(), z.string()).default({}).describe("extra node labels. Default: none"),
  capacityTypes: z
    .array(z.enum(["spot", "on-demand"]))
    .min(1)
    .default(["on-demand"])
    .describe("EC2 capacity types, preferred first. Default: [on-demand]"),
  provisioner: z
    .enum(["karpenter", "managed-node-group"])
    .optional()
    .describe(
      "who creates the nodes. Default: spec.provisioner; a MIG pool uses a managed node group unless nodeOverlay is on; the CPU pool that runs the platform is always a managed node group",
    ),
  nodeOverlay: z
    .boolean()
    .default(false)
    .describe("let Karpenter provision for MIG or shared-GPU resources through its alpha NodeOverlay. Default: false"),
  minNodes: z.int().nonnegative().default(0).describe("fewest nodes. Default: 0"),
  maxNodes: z.int().positive().default(10).describe("most nodes. Default: 10"),
  rootVolumeGiB: z
    .int()
    .min(20)
    .max(16384)
    .default(100)
    .describe("encrypted gp3 root volume per node, GiB (container images of models are large). Default: 100"),
  expireAfter: z
    .union([duration, z.literal("Never")])
    .default("720h")
    .describe("replace nodes after this age (Karpenter). Default: 720h"),
});

const team = z.strictObject({
  name: dnsLabel.describe("team name"),
  namespaces: z.array(dnsLabel).min(1).optional().describe("the team's namespaces. Default: [<name>]"),
  quota: z
    .strictObject({
      gpu: z.int().nonnegative().default(0).describe("nvidia.com/gpu requests (whole or time-sliced). Default: 0"),
      mig: z
        .record(z.string(), z.int().nonnegative())
        .default({})
        .describe("MIG slices by profile, e.g. {3g.40gb: 2}. Default: none"),
      cpu: quantity.default(64).describe("CPU requests. Default: 64"),
      memory: quantity.default("256Gi").describe("memory requests. Default: 256Gi"),
    })
    .prefault({})
    .describe("ResourceQuota per namespace"),
  workloadTypes: z
    .array(z.enum(WORKLOAD_TYPES))
    .min(1)
    .optional()
    .describe(
      "workload types the team may run; each must be served by a pool. Default: every type some pool serves, except control (the platform's own)",
    ),
  allowFrom: z.array(dnsLabel).default([]).describe("other teams whose namespaces may call this team's. Default: none"),
});

const storage = z
  .strictObject({
    efs: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Default: true"),
        throughputMode: z.enum(["elastic", "bursting"]).default("elastic").describe("Default: elastic"),
        performanceMode: z
          .enum(["generalPurpose", "maxIO"])
          .default("generalPurpose")
          .describe("Default: generalPurpose"),
        accessPoints: z
          .array(dnsLabel)
          .default(["datasets", "models", "checkpoints"])
          .describe("Default: [datasets, models, checkpoints]"),
        fileSystemId: z
          .string()
          .regex(/^fs-[0-9a-f]{8,17}$/, { error: "must be an EFS file system id like fs-0123456789abcdef0" })
          .optional()
          .describe(
            "the platform's EFS file system (the AWS stack's EfsFileSystemId output, known after the first deploy). Default: none: the efs StorageClass is rendered once it is set",
          ),
      })
      .prefault({})
      .describe("shared file system for datasets, models and checkpoints"),
    ebs: z
      .strictObject({
        classes: z
          .array(z.enum(["gp3", "io2"]))
          .min(1)
          .default(["gp3", "io2"])
          .describe("Default: [gp3, io2]"),
        defaultClass: z.enum(["gp3", "io2"]).default("gp3").describe("Default: gp3"),
      })
      .prefault({}),
    s3: z
      .strictObject({
        buckets: z
          .array(z.enum(["artifacts", "logs", "models"]))
          .min(1)
          .default(["artifacts", "logs", "models"])
          .describe("Default: [artifacts, logs, models]"),
        versioning: z.boolean().default(true).describe("Default: true"),
        logsExpirationDays: z.int().positive().default(365).describe("logs bucket lifecycle. Default: 365"),
      })
      .prefault({}),
  })
  .prefault({});

/** One workload class of the backup RPO table. */
const backupClass = z.strictObject({
  rpo: duration.describe("recovery point objective: the class is backed up at least this often"),
  rto: duration.describe("recovery time objective: the restore target SUMMARY.md states"),
  retention: duration.describe("how long its backups are kept (Velero ttl)"),
  scope: z
    .enum(["platform-namespaces", "team-namespaces"])
    .describe("the platform's own namespaces, or every team namespace"),
  workloadTypes: z
    .array(z.enum(WORKLOAD_TYPES))
    .optional()
    .describe("back up only objects labelled eks-ai-platform/workload-type with one of these. Default: every object"),
  snapshotVolumes: z.boolean().describe("also snapshot the class's EBS volumes (EFS is AWS Backup's)"),
});

/** The default RPO table: platform state, production serving, training checkpoints, research. */
const DEFAULT_BACKUP_CLASSES = {
  platform: {
    rpo: "6h",
    rto: "2h",
    retention: "720h",
    scope: "platform-namespaces",
    snapshotVolumes: true,
  },
  "production-inference": {
    rpo: "1h",
    rto: "30m",
    retention: "168h",
    scope: "team-namespaces",
    workloadTypes: ["production-inference", "critical-agents"],
    snapshotVolumes: false,
  },
  "training-checkpoints": {
    rpo: "4h",
    rto: "8h",
    retention: "336h",
    scope: "team-namespaces",
    workloadTypes: ["training", "fine-tuning"],
    snapshotVolumes: true,
  },
  research: {
    rpo: "24h",
    rto: "24h",
    retention: "168h",
    scope: "team-namespaces",
    workloadTypes: ["research", "development", "batch-inference"],
    snapshotVolumes: false,
  },
} as const satisfies Record<string, z.input<typeof backupClass>>;

/** The whole `platform.yaml`. */
export const platformSchema = z.strictObject({
  apiVersion: z.literal("eks-ai-platform/v1alpha1").describe("eks-ai-platform/v1alpha1"),
  kind: z.literal("Platform"),
  metadata: z
    .strictObject({
      name: dnsLabel
        .default("ml-platform")
        .describe("platform name: the output folder, cluster and stack name. Default: ml-platform"),
    })
    .prefault({}),
  spec: z
    .strictObject({
      aws: z
        .strictObject({
          region: z
            .string()
            .regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, { error: "must be an AWS region like us-west-2" })
            .default("us-west-2")
            .describe("Default: us-west-2"),
          account: z
            .string()
            .regex(/^[0-9]{12}$/, { error: "must be a 12-digit AWS account id" })
            .optional()
            .describe("Default: none (environment-agnostic synthesis)"),
          availabilityZones: z.int().min(2).max(6).default(3).describe("Default: 3"),
          tags: z.record(z.string(), z.string()).default({}).describe("tags on every AWS resource. Default: none"),
        })
        .prefault({}),
      cluster: z
        .strictObject({
          kubernetesVersion: z.string().default("1.33").describe("EKS Kubernetes minor version. Default: 1.33"),
          endpoint: z
            .enum(["private-and-public", "private", "public"])
            .default("private-and-public")
            .describe("API server endpoint access. Default: private-and-public"),
          publicAccessCidrs: z
            .array(z.string())
            .default([])
            .describe("CIDRs allowed to reach a public endpoint. Default: none (any)"),
          secretsEncryption: z
            .literal("kms")
            .default("kms")
            .describe("envelope encryption of Secrets with a customer-managed KMS key. Default: kms"),
          controlPlaneLogging: z
            .array(z.enum(["api", "audit", "authenticator", "controllerManager", "scheduler"]))
            .default(["api", "audit", "authenticator", "controllerManager", "scheduler"])
            .describe("Default: all five"),
          addonVersions: z
            .record(z.string(), z.string())
            .default({})
            .describe("override the pinned EKS add-on versions, e.g. {vpc-cni: v1.22.4-eksbuild.3}. Default: none"),
        })
        .prefault({}),
      provisioner: z
        .enum(["karpenter", "managed-node-groups"])
        .default("karpenter")
        .describe(
          "default provisioner of GPU pools: karpenter, or managed-node-groups with Cluster Autoscaler. Default: karpenter",
        ),
      nodePools: z
        .record(dnsLabel, nodePoolSchema)
        .prefault(defaultNodePools)
        .describe("node pools by name. Default: the seed's four pools"),
      storage,
      networking: z
        .strictObject({
          vpcCidr: z
            .string()
            .regex(/^([0-9]{1,3}\.){3}[0-9]{1,3}\/(1[6-9]|2[0-4])$/, { error: "must be an IPv4 CIDR from /16 to /24" })
            .default("10.0.0.0/16")
            .describe("Default: 10.0.0.0/16"),
          natGateways: z.int().min(1).max(6).optional().describe("Default: one per availability zone"),
          mesh: z.enum(["linkerd", "none"]).default("linkerd").describe("Default: linkerd"),
          ingress: z
            .enum(["aws-load-balancer-controller", "none"])
            .default("aws-load-balancer-controller")
            .describe("Default: aws-load-balancer-controller"),
          ingressScheme: z.enum(["internal", "internet-facing"]).default("internal").describe("Default: internal"),
        })
        .prefault({}),
      security: z
        .strictObject({
          podSecurity: z
            .enum(["restricted", "baseline"])
            .default("restricted")
            .describe("Pod Security Standard enforced on team namespaces. Default: restricted"),
          networkPolicy: z.enum(["default-deny", "none"]).default("default-deny").describe("Default: default-deny"),
          secrets: z
            .strictObject({
              provider: z
                .literal("aws-secrets-manager")
                .default("aws-secrets-manager")
                .describe("Default: aws-secrets-manager"),
              prefix: z
                .string()
                .optional()
                .describe("Secrets Manager name prefix the platform may read. Default: <metadata.name>/"),
            })
            .prefault({}),
        })
        .prefault({}),
      observability: z
        .strictObject({
          metrics: z.enum(["prometheus", "none"]).default("prometheus").describe("Default: prometheus"),
          gpuMetrics: z.enum(["dcgm", "none"]).default("dcgm").describe("Default: dcgm"),
          logs: z
            .enum(["cloudwatch", "opensearch", "elasticsearch", "none"])
            .default("cloudwatch")
            .describe("Default: cloudwatch"),
          logRetentionDays: z.int().positive().default(30).describe("Default: 30"),
          tracing: z.enum(["opentelemetry", "none"]).default("opentelemetry").describe("Default: opentelemetry"),
          tracingBackend: z.enum(["xray", "otlp"]).default("xray").describe("Default: xray"),
          otlpEndpoint: z.string().optional().describe("OTLP endpoint when tracingBackend is otlp"),
          logsEndpoint: z
            .string()
            .optional()
            .describe("OpenSearch or Elasticsearch host when logs is opensearch or elasticsearch. Default: none"),
        })
        .prefault({}),
      mlops: z
        .strictObject({
          tracking: z.enum(["mlflow", "none"]).default("mlflow").describe("Default: mlflow"),
          modelRegistry: z.enum(["mlflow", "none"]).default("mlflow").describe("Default: mlflow"),
          featureStore: z.enum(["feast", "none"]).default("none").describe("Default: none"),
          experimentTracking: z
            .array(z.enum(["mlflow", "wandb"]))
            .default(["mlflow", "wandb"])
            .describe("Default: [mlflow, wandb]"),
          modelsBucket: z
            .string()
            .optional()
            .describe(
              "S3 bucket of MLflow's artifacts and registered models (the AWS stack's models bucket). Default: <metadata.name>-models",
            ),
        })
        .prefault({}),
      training: z
        .strictObject({
          pytorch: z
            .enum(["trainer-v2", "training-operator"])
            .default("trainer-v2")
            .describe("Default: trainer-v2 (Kubeflow Trainer TrainJob)"),
          tensorflow: z.boolean().default(false).describe("install the Training Operator v1 for TFJob. Default: false"),
          katib: z.boolean().default(true).describe("hyperparameter tuning. Default: true"),
        })
        .prefault({}),
      scheduling: z
        .strictObject({
          gpuPackingProfile: z
            .boolean()
            .default(false)
            .describe(
              "run a second kube-scheduler (schedulerName gpu-packing) whose scoring packs GPU pods onto the fullest nodes while keeping CPU and GPU use balanced; emitted under k8s/scheduling/. Default: false",
            ),
        })
        .prefault({})
        .describe("scheduler profiles GPU workloads may select"),
      gateway: z
        .strictObject({
          enabled: z
            .boolean()
            .default(true)
            .describe(
              "render the in-cluster LLM gateway (k8s/llm-gateway/): one OpenAI-compatible endpoint for the InferenceServices with team keys, limits and usage metering. Default: true",
            ),
          image: z
            .string()
            .min(1)
            .optional()
            .describe(
              "the gateway's image, built from Dockerfile.gateway and pushed where the nodes pull from. Default: aiplat-gateway:<aiplat version> (build and push it first)",
            ),
          replicas: z
            .int()
            .min(2)
            .default(2)
            .describe("at least 2, kept through disruptions by a PodDisruptionBudget. Default: 2"),
          maxReplicas: z.int().min(2).default(10).describe("the autoscaler's ceiling. Default: 10"),
          autoscaler: z
            .enum(["hpa", "keda"])
            .default("hpa")
            .describe("hpa scales on CPU; keda on in-flight requests read from Prometheus. Default: hpa"),
          database: z
            .enum(["sqlite", "postgres"])
            .default("sqlite")
            .describe(
              "usage and prompt store: sqlite = a file per replica (usage and prompts are per replica and go with the pod); postgres = shared, its URL read from Secrets Manager <prefix>llm-gateway/database (property url). Default: sqlite",
            ),
          redisUrl: z
            .string()
            .regex(/^rediss?:\/\/[^\s]+$/, "a redis:// or rediss:// URL")
            .optional()
            .describe(
              "share team rate limits and budgets across replicas through this Redis. Default: per-replica limits",
            ),
        })
        .prefault({})
        .describe(
          "the LLM gateway Deployment; its teams (hashed keys, limits) come from Secrets Manager <prefix>llm-gateway/teams (property teams.yaml), its routes from `aiplat render`",
        ),
      teams: z.array(team).prefault(defaultTeams).describe("tenants. Default: research and applied-ml"),
      backup: z
        .strictObject({
          velero: z
            .strictObject({
              enabled: z.boolean().default(true).describe("Default: true"),
              schedule: z.string().default("0 3 * * *").describe("cron. Default: 0 3 * * *"),
              retention: duration.default("720h").describe("Default: 720h (30 days)"),
              bucket: z
                .string()
                .optional()
                .describe(
                  "S3 bucket of the backups (the AWS stack's Velero bucket). Default: <metadata.name>-velero-backups",
                ),
            })
            .prefault({}),
          rpo: z
            .record(dnsLabel, backupClass)
            .default(DEFAULT_BACKUP_CLASSES)
            .describe(
              "Velero schedules per workload class: each backs up at its RPO and keeps backups for its retention. Default: platform, production-inference, training-checkpoints, research",
            ),
          awsBackup: z
            .strictObject({
              enabled: z
                .boolean()
                .default(true)
                .describe("AWS Backup plan for EFS and tagged EBS volumes. Default: true"),
              schedule: z.string().default("cron(0 5 * * ? *)").describe("Default: cron(0 5 * * ? *)"),
              retentionDays: z.int().positive().default(35).describe("Default: 35"),
            })
            .prefault({}),
        })
        .prefault({}),
      gitops: z
        .strictObject({
          argocd: z
            .strictObject({
              capability: z
                .boolean()
                .default(false)
                .describe(
                  "create the EKS Argo CD capability from the AWS stack (needs identityCenterInstanceArn). Default: false",
                ),
              identityCenterInstanceArn: z
                .string()
                .regex(/^arn:aws[a-z-]*:sso:::instance\/ssoins-[0-9a-f]{16}$/, {
                  error:
                    "must be an IAM Identity Center instance ARN like arn:aws:sso:::instance/ssoins-0123456789abcdef",
                })
                .optional()
                .describe(
                  "IAM Identity Center instance Argo CD signs users in with; required with capability. Default: none",
                ),
              identityCenterRegion: z
                .string()
                .optional()
                .describe("region of that Identity Center instance. Default: spec.aws.region"),
              repoURL: z
                .string()
                .default("https://github.com/example-org/ml-platform-gitops.git")
                .describe("Git repository Argo CD reads the manifests from"),
              path: z
                .string()
                .optional()
                .describe("folder of the manifests in that repository. Default: dist/<metadata.name>"),
              targetRevision: z.string().default("main").describe("Default: main"),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .prefault({}),
});

/** A platform spec with every default applied. */
export type PlatformSpec = z.output<typeof platformSchema>;
/** A platform spec as a user writes it. */
export type PlatformSpecInput = z.input<typeof platformSchema>;
/** One node pool of the spec, defaults applied. */
export type NodePoolSpec = PlatformSpec["spec"]["nodePools"][string];
/** One team of the spec, defaults applied. */
export type TeamSpec = PlatformSpec["spec"]["teams"][number];
/** One node pool as a user writes it. */
export type NodePoolSpecInput = z.input<typeof nodePoolSchema>;
/** One team as a user writes it. */
export type TeamSpecInput = z.input<typeof team>;
