/**
 * Feast feature server (when `mlops.featureStore` is `feast`): registry on S3 (the models bucket, `feast/`), online
 * store in DynamoDB (no in-cluster Redis to run), both reached with the server's Pod Identity credentials
 * (`mlops/feast`, the AWS stack's `feast` role: registry reads, item reads and writes on this project's tables).
 * Tables are created by `feast apply`, run by whoever owns the feature repository, not by the server.
 * `feature_store.yaml` is built as an object and passed base64-encoded, as the chart wants it.
 * https://docs.feast.dev/reference/feature-repository/feature-store-yaml
 * https://docs.feast.dev/reference/online-stores/dynamodb
 * Chart values (pinned 0.47.0): feast-dev/feast infra/charts/feast-feature-server/values.yaml; the chart creates no
 * ServiceAccount (templates/deployment.yaml: `serviceAccountName: {{ .Values.serviceAccount.name | default "default" }}`),
 * so this component renders it.
 */
import { CHARTS } from "../../catalog/index.js";
import { FEAST_REGISTRY_PREFIX, feastProject, type PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import type { KubeObject } from "../types.js";
import { modelsBucket } from "./mlflow.js";

/** Feast's service account: the AWS stack's Pod Identity association names it. */
export const FEAST_SERVICE_ACCOUNT = { namespace: PLATFORM_NAMESPACES.mlops, name: "feast" } as const;

/** Feast's configuration (YAML is a superset of JSON, so the JSON text is a valid `feature_store.yaml`). */
export function featureStoreConfig(model: PlatformModel): Record<string, unknown> {
  return {
    project: feastProject(model),
    provider: "aws",
    registry: `s3://${modelsBucket(model)}/${FEAST_REGISTRY_PREFIX}registry.db`,
    // The default template, written out: the IAM policy's table prefix depends on it.
    online_store: { type: "dynamodb", region: model.aws.region, table_name_template: "{project}.{table_name}" },
    entity_key_serialization_version: 3,
  };
}

/** The ServiceAccount the chart runs the server as (the chart does not create one). */
export function feastServiceAccount(model: PlatformModel): KubeObject[] {
  if (model.mlops.featureStore !== "feast") return [];
  return [
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: {
        name: FEAST_SERVICE_ACCOUNT.name,
        namespace: FEAST_SERVICE_ACCOUNT.namespace,
        labels: { ...baseLabels("mlops"), "app.kubernetes.io/name": "feast-feature-server" },
      },
    },
  ];
}

/** The Feast chart, or undefined unless the spec enables Feast. */
export function feastChart(model: PlatformModel): ChartAppSpec | undefined {
  if (model.mlops.featureStore !== "feast") return undefined;
  return {
    name: "feast-feature-server",
    chart: CHARTS["feast-feature-server"],
    namespace: FEAST_SERVICE_ACCOUNT.namespace,
    ownsCrds: false,
    values: {
      feast_mode: "online",
      feature_store_yaml_base64: Buffer.from(JSON.stringify(featureStoreConfig(model))).toString("base64"),
      replicaCount: 2,
      serviceAccount: { name: FEAST_SERVICE_ACCOUNT.name },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      ...controlPlacement(model),
    },
  };
}
