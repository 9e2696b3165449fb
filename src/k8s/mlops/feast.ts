/**
 * Feast feature server (when `mlops.featureStore` is `feast`): registry on S3 (the models bucket, `feast/`), online
 * store in DynamoDB (no in-cluster Redis to run), both reached with the server's Pod Identity credentials.
 * `feature_store.yaml` is built as an object and passed base64-encoded, as the chart wants it.
 * https://docs.feast.dev/reference/feature-repository/feature-store-yaml
 * Chart: https://github.com/feast-dev/feast/tree/master/infra/charts/feast-feature-server
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { modelsBucket } from "./mlflow.js";

/** Feast's configuration (YAML is a superset of JSON, so the JSON text is a valid `feature_store.yaml`). */
export function featureStoreConfig(model: PlatformModel): Record<string, unknown> {
  return {
    project: model.name.replace(/-/g, "_"),
    provider: "aws",
    registry: `s3://${modelsBucket(model)}/feast/registry.db`,
    online_store: { type: "dynamodb", region: model.aws.region },
    entity_key_serialization_version: 3,
  };
}

/** The Feast chart, or undefined unless the spec enables Feast. */
export function feastChart(model: PlatformModel): ChartAppSpec | undefined {
  if (model.mlops.featureStore !== "feast") return undefined;
  return {
    name: "feast-feature-server",
    chart: CHARTS["feast-feature-server"],
    namespace: PLATFORM_NAMESPACES.mlops,
    ownsCrds: false,
    values: {
      feast_mode: "online",
      feature_store_yaml_base64: Buffer.from(JSON.stringify(featureStoreConfig(model))).toString("base64"),
      replicaCount: 2,
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      ...controlPlacement(model),
    },
  };
}
