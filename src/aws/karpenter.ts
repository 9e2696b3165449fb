/**
 * `KarpenterInfra`: what Karpenter needs from AWS before its Helm chart (delivered by GitOps) runs: the node role and
 * its EKS access entry, the interruption queue fed by EventBridge, and the controller's Pod Identity role.
 * Names come from `model/names.ts`, so the EC2NodeClass and the chart values the manifests render agree with them.
 * https://karpenter.sh/docs/getting-started/getting-started-with-karpenter/
 */

import type { Role } from "aws-cdk-lib/aws-iam";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { karpenterInterruptionQueueName, karpenterNodeRoleName, type PlatformModel } from "../model/index.js";
import { core, eks, events, sqs, targets } from "./cdk.js";
import { karpenterControllerStatements } from "./karpenter-policy.js";
import { nodeRole } from "./node-groups.js";
import { PodIdentityRole } from "./pod-identity.js";

/** Options of {@link KarpenterInfra}. */
export interface KarpenterInfraProps {
  readonly model: PlatformModel;
  /** Name of the cluster (a token of the cluster resource). */
  readonly clusterName: string;
  readonly clusterArn: string;
}

/** The EventBridge events Karpenter handles: each gets one rule (https://karpenter.sh/docs/concepts/disruption/#interruption). */
export const KARPENTER_INTERRUPTION_EVENTS = {
  SpotInterruption: { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
  Rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
  InstanceStateChange: { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
  ScheduledChange: { source: "aws.health", detailType: "AWS Health Event" },
} as const;

/** Karpenter's AWS prerequisites. */
export class KarpenterInfra extends Construct {
  /** Role of the nodes Karpenter launches (EC2NodeClass `role`). */
  readonly nodeRole: Role;
  /** The interruption queue (Karpenter's `settings.interruptionQueue`). */
  readonly queue: Queue;
  /** The controller's Pod Identity role (kube-system/karpenter). */
  readonly controller: PodIdentityRole;

  constructor(scope: Construct, id: string, props: KarpenterInfraProps) {
    super(scope, id);
    const { model, clusterName } = props;
    this.nodeRole = nodeRole(this, "NodeRole", `${model.cluster.name} Karpenter nodes`, karpenterNodeRoleName(model));
    // EC2_LINUX access entry: nodes join the cluster with this role, without an aws-auth ConfigMap.
    new eks.CfnAccessEntry(this, "NodeAccessEntry", {
      clusterName,
      principalArn: this.nodeRole.roleArn,
      type: "EC2_LINUX",
    });
    this.queue = new sqs.Queue(this, "InterruptionQueue", {
      queueName: karpenterInterruptionQueueName(model),
      // Events older than five minutes describe interruptions that have already happened.
      retentionPeriod: core.Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    core.Validations.of(this.queue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "Karpenter's interruption queue holds transient EC2 events for five minutes; a dead-letter queue would only collect stale events nobody acts on",
    });
    for (const [name, event] of Object.entries(KARPENTER_INTERRUPTION_EVENTS)) {
      new events.Rule(this, `${name}Rule`, {
        description: `${model.cluster.name}: ${event.detailType} to Karpenter`,
        eventPattern: { source: [event.source], detailType: [event.detailType] },
        targets: [new targets.SqsQueue(this.queue)],
      });
    }
    this.controller = new PodIdentityRole(this, "Controller", {
      clusterName,
      namespace: "kube-system",
      serviceAccount: "karpenter",
      statements: karpenterControllerStatements({
        clusterName: model.cluster.name,
        clusterArn: props.clusterArn,
        queueArn: this.queue.queueArn,
        nodeRoleArn: this.nodeRole.roleArn,
      }),
      description: "Karpenter controller",
    });
    new core.CfnOutput(this, "InterruptionQueueName", {
      value: this.queue.queueName,
      description: "Karpenter settings.interruptionQueue",
    });
    new core.CfnOutput(this, "NodeRoleName", { value: this.nodeRole.roleName, description: "EC2NodeClass spec.role" });
  }
}
