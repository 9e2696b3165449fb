/**
 * `ControllerIdentities`: the Pod Identity roles of the in-cluster controllers that call AWS, each with its own
 * least-privilege policy and association (namespace/service account as the GitOps manifests install them), and the
 * CloudWatch log groups Fluent Bit writes to (for `logs: opensearch`, write access to the domain it names instead).
 * Karpenter's and the CSI drivers' roles live with them.
 */

import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { FEAST_REGISTRY_PREFIX, feastTablePrefix, type PlatformModel } from "../model/index.js";
import { openSearchDomainOf } from "../model/validate-logs.js";
import { core, logs } from "./cdk.js";
import {
  bucketReadWriteStatements,
  clusterAutoscalerStatements,
  externalSecretsStatements,
  feastStatements,
  fluentBitOpenSearchStatements,
  fluentBitStatements,
  veleroStatements,
  xrayWriteStatements,
} from "./identity-policies.js";
import { loadBalancerControllerStatements } from "./lb-controller-policy.js";
import { PodIdentityRole } from "./pod-identity.js";
import { retentionAtLeast } from "./retention.js";

/** Options of {@link ControllerIdentities}. */
export interface ControllerIdentitiesProps {
  readonly model: PlatformModel;
  /** Name of the cluster (a token of the cluster resource). */
  readonly clusterName: string;
  /** The bucket MLflow stores artifacts and registered models in, and Feast its registry. @default - no MLflow or Feast role */
  readonly modelsBucket?: IBucket;
  /** The bucket Velero writes backups to. @default - no Velero role */
  readonly veleroBucket?: IBucket;
  /** The KMS key of those buckets. @default - S3-managed keys */
  readonly bucketKey?: IKey;
}

/** The service accounts the platform's controllers run as: namespace and name. */
export const CONTROLLER_SERVICE_ACCOUNTS = {
  "aws-load-balancer-controller": { namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" },
  "external-secrets": { namespace: "external-secrets", serviceAccount: "external-secrets" },
  "fluent-bit": { namespace: "amazon-cloudwatch", serviceAccount: "fluent-bit" },
  velero: { namespace: "velero", serviceAccount: "velero" },
  // MLflow runs in the platform's mlops namespace (tenancy), next to its PostgreSQL.
  mlflow: { namespace: "mlops", serviceAccount: "mlflow" },
  // Feast's feature server, beside MLflow (its chart runs as serviceAccount.name; the mlops component creates it).
  feast: { namespace: "mlops", serviceAccount: "feast" },
  "otel-collector": { namespace: "observability", serviceAccount: "otel-collector" },
  "cluster-autoscaler": { namespace: "kube-system", serviceAccount: "cluster-autoscaler" },
} as const;
/** A controller with a Pod Identity role. */
export type ControllerName = keyof typeof CONTROLLER_SERVICE_ACCOUNTS;

/** The CloudWatch log groups Fluent Bit writes to (Container Insights layout). */
export function fluentBitLogGroupNames(clusterName: string): string[] {
  return ["application", "dataplane", "host"].map((g) => `/aws/containerinsights/${clusterName}/${g}`);
}

/** Pod Identity roles of the platform's controllers. */
export class ControllerIdentities extends Construct {
  /** Roles by controller. */
  readonly roles: Readonly<Partial<Record<ControllerName, PodIdentityRole>>>;

  constructor(scope: Construct, id: string, props: ControllerIdentitiesProps) {
    super(scope, id);
    const { model, clusterName } = props;
    const roles: Partial<Record<ControllerName, PodIdentityRole>> = {};
    const add = (name: ControllerName, statements: readonly PolicyStatement[]) => {
      roles[name] = new PodIdentityRole(this, name, {
        clusterName,
        ...CONTROLLER_SERVICE_ACCOUNTS[name],
        statements,
        description: name,
      });
    };
    if (model.networking.ingress === "aws-load-balancer-controller")
      add("aws-load-balancer-controller", loadBalancerControllerStatements(model.cluster.name));
    add("external-secrets", externalSecretsStatements(model.security.secrets.prefix));
    if (model.observability.logs === "cloudwatch") {
      const names = fluentBitLogGroupNames(model.cluster.name);
      for (const logGroupName of names) {
        new logs.LogGroup(this, logGroupName.split("/").pop()!, {
          logGroupName,
          retention: retentionAtLeast(model.observability.logRetentionDays),
        });
      }
      const arn = (name: string) =>
        `arn:${core.Aws.PARTITION}:logs:${core.Aws.REGION}:${core.Aws.ACCOUNT_ID}:log-group:${name}`;
      add("fluent-bit", fluentBitStatements(names.map(arn)));
    } else if (model.observability.logs === "opensearch") {
      // Validation (AIP029) refuses an endpoint that names no domain; elasticsearch needs no AWS permission.
      const endpoint = model.observability.logsEndpoint ?? "";
      const domain = openSearchDomainOf(endpoint);
      if (domain === undefined) {
        throw new Error(`observability.logsEndpoint "${endpoint}" names no Amazon OpenSearch Service domain`);
      }
      add("fluent-bit", fluentBitOpenSearchStatements(domain));
    }
    if (props.veleroBucket) add("velero", veleroStatements(props.veleroBucket, props.bucketKey));
    if (props.modelsBucket && model.mlops.tracking === "mlflow")
      add("mlflow", bucketReadWriteStatements(props.modelsBucket, props.bucketKey));
    if (props.modelsBucket && model.mlops.featureStore === "feast") {
      add(
        "feast",
        feastStatements({
          bucket: props.modelsBucket,
          ...(props.bucketKey ? { key: props.bucketKey } : {}),
          registryPrefix: FEAST_REGISTRY_PREFIX,
          tablePrefix: feastTablePrefix(model),
        }),
      );
    }
    if (model.observability.tracing === "opentelemetry" && model.observability.tracingBackend === "xray")
      add("otel-collector", xrayWriteStatements());
    if (model.pools.some((p) => p.provisioner === "managed-node-group"))
      add("cluster-autoscaler", clusterAutoscalerStatements(model.cluster.name));
    this.roles = roles;
  }
}
