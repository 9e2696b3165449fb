/**
 * `PlatformStack`: the whole AWS side of the platform, composed from the model: network, cluster, add-ons, managed
 * node groups, Karpenter prerequisites, storage, controller identities and backup, with the model's tags on every
 * resource.
 */
import type { StackProps } from "aws-cdk-lib/core";
import type { Construct } from "constructs";
import type { PlatformModel } from "../model/index.js";
import { ADDONS_NEEDING_NODES, PlatformAddons } from "./addons.js";
import { addArgoCdCapability } from "./argocd-capability.js";
import { PlatformBackup } from "./backup.js";
import { core } from "./cdk.js";
import { PlatformCluster } from "./cluster.js";
import { ControllerIdentities } from "./identities.js";
import { KarpenterInfra } from "./karpenter.js";
import { acknowledgeWildcards } from "./nag.js";
import { PlatformNetwork } from "./network.js";
import { ManagedNodeGroups } from "./node-groups.js";
import { PlatformStorage, VELERO_BUCKET } from "./storage.js";

/** Options of {@link PlatformStack}. */
export interface PlatformStackProps extends Omit<StackProps, "env"> {
  readonly model: PlatformModel;
}

/** The platform's CloudFormation stack. */
export class PlatformStack extends core.Stack {
  readonly model: PlatformModel;
  readonly network: PlatformNetwork;
  readonly platformCluster: PlatformCluster;
  readonly addons: PlatformAddons;
  readonly nodeGroups: ManagedNodeGroups;
  readonly karpenter?: KarpenterInfra;
  readonly storage: PlatformStorage;
  readonly identities: ControllerIdentities;
  readonly backup?: PlatformBackup;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    const { model } = props;
    super(scope, id, {
      ...props,
      // The region is fixed by the model; the account stays open unless the spec names one (env-agnostic synthesis).
      env: { region: model.aws.region, ...(model.aws.account === undefined ? {} : { account: model.aws.account }) },
      description: `eks-ai-platform ${model.name}: EKS ${model.cluster.kubernetesVersion} AI/ML platform`,
    });
    this.model = model;
    this.network = new PlatformNetwork(this, "Network", { model });
    const { vpc } = this.network;
    this.platformCluster = new PlatformCluster(this, "Cluster", { model, vpc });
    const cluster = this.platformCluster.cluster;
    const clusterName = cluster.clusterName;
    this.addons = new PlatformAddons(this, "Addons", { model, clusterName });
    this.nodeGroups = new ManagedNodeGroups(this, "NodeGroups", { model, cluster });
    // Networking add-ons first, so nodes join with the pinned CNI (and its network policy agent); the add-ons whose
    // pods need nodes afterwards, so CloudFormation does not wait on pods that cannot schedule.
    for (const [name, addon] of Object.entries(this.addons.addons)) {
      for (const group of Object.values(this.nodeGroups.nodeGroups)) {
        if (ADDONS_NEEDING_NODES.has(name as never)) addon.node.addDependency(group);
        else group.node.addDependency(addon);
      }
    }
    if (model.pools.some((p) => p.provisioner === "karpenter")) {
      this.karpenter = new KarpenterInfra(this, "Karpenter", { model, clusterName, clusterArn: cluster.clusterArn });
    }
    this.storage = new PlatformStorage(this, "Storage", {
      model,
      vpc,
      clientSecurityGroups: [cluster.clusterSecurityGroup, this.platformCluster.nodeSecurityGroup],
    });
    const buckets = this.storage.buckets;
    this.identities = new ControllerIdentities(this, "Identities", {
      model,
      clusterName,
      ...(buckets.models ? { modelsBucket: buckets.models } : {}),
      ...(buckets[VELERO_BUCKET] ? { veleroBucket: buckets[VELERO_BUCKET] } : {}),
      bucketKey: this.storage.bucketKey,
    });
    if (model.backup.awsBackup.enabled) {
      this.backup = new PlatformBackup(this, "Backup", {
        model,
        ...(this.storage.fileSystem ? { fileSystem: this.storage.fileSystem } : {}),
      });
    }
    const argocd = model.gitops.argocd;
    if (argocd.capability && argocd.identityCenterInstanceArn !== undefined) {
      // Argo CD run by AWS for this cluster: the gitops/ app-of-apps then needs no in-cluster install.
      addArgoCdCapability(this, {
        clusterName,
        idcInstanceArn: argocd.identityCenterInstanceArn,
        ...(argocd.identityCenterRegion === undefined ? {} : { idcRegion: argocd.identityCenterRegion }),
        tags: model.aws.tags,
      });
    }
    for (const [key, value] of Object.entries(model.aws.tags)) core.Tags.of(this).add(key, value);
    this.addOutputs();
    this.acknowledgeReviewedWildcards();
  }

  /** What the in-cluster manifests need from the stack once deployed (file system and bucket names are generated). */
  private addOutputs(): void {
    new core.CfnOutput(this, "ClusterName", { value: this.platformCluster.cluster.clusterName });
    if (this.storage.fileSystem) {
      new core.CfnOutput(this, "EfsFileSystemId", { value: this.storage.fileSystem.fileSystemId });
      for (const [name, ap] of Object.entries(this.storage.accessPoints)) {
        new core.CfnOutput(this, `EfsAccessPoint${pascal(name)}`, { value: ap.accessPointId });
      }
    }
    for (const [name, bucket] of Object.entries(this.storage.buckets)) {
      new core.CfnOutput(this, `Bucket${pascal(name)}`, { value: bucket.bucketName });
    }
    const fluentBit = this.identities.roles["fluent-bit"];
    if (fluentBit && this.model.observability.logs === "opensearch") {
      // With fine-grained access control the domain maps this role to a backend role before Fluent Bit may write.
      new core.CfnOutput(this, "FluentBitRoleArn", { value: fluentBit.role.roleArn });
    }
  }

  /** Availability zones come from the model, never from a context lookup (synthesis is offline). */
  override get availabilityZones(): string[] {
    return [...this.model.aws.availabilityZones];
  }

  private acknowledgeReviewedWildcards(): void {
    if (this.karpenter) {
      acknowledgeWildcards(
        this.karpenter.controller,
        "Karpenter's reference policy: EC2 writes are conditioned on this cluster's and a node pool's tags, instance profiles on the cluster, region and node-class tags; Describe*, pricing and instance-profile reads have no resource-level permissions",
      );
    }
    const reasons: Record<string, string> = {
      "aws-load-balancer-controller":
        "upstream controller policy, narrowed to resources tagged elbv2.k8s.aws/cluster=<this cluster>; Describe*, certificate and WAF lookups and load balancer creation (conditioned on the request tag) have no resource-level permissions",
      "external-secrets":
        "scoped to the platform's secret-name prefix; the trailing * matches the suffix Secrets Manager appends",
      "fluent-bit":
        this.model.observability.logs === "opensearch"
          ? "HTTP paths of the one OpenSearch domain observability.logsEndpoint names; index names are per day"
          : "log streams inside the platform's own log groups; stream names are per node and pod",
      velero:
        "objects of the backup bucket only; EBS Describe* have no resource-level permissions; snapshots it deletes must carry velero.io/backup",
      mlflow: "objects of the models bucket only: MLflow names artifacts by run and model version",
      feast:
        "registry objects under feast/ of the models bucket; DynamoDB tables of this Feast project only (<project>.<feature view>)",
      "otel-collector":
        "X-Ray PutTraceSegments, PutTelemetryRecords and the sampling reads have no resource-level permissions",
      "cluster-autoscaler":
        "scaling is conditioned on the ASG tag k8s.io/cluster-autoscaler/<cluster>=owned; Describe* have no resource-level permissions; node groups of this cluster only",
    };
    for (const [name, role] of Object.entries(this.identities.roles)) {
      acknowledgeWildcards(role, reasons[name] ?? name);
    }
    acknowledgeWildcards(this.network, "VPC flow logs write to their own log group's streams");
  }
}

/** `velero-backups` -> `VeleroBackups`, for output IDs. */
function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
