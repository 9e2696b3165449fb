/**
 * MLflow tracking server and model registry (community-charts `mlflow`): backend store in the platform's PostgreSQL,
 * artifacts and registered models in the S3 models bucket, served through the tracking server (proxied artifact
 * storage: clients need no S3 credentials; only the server's service account `mlops/mlflow` has Pod Identity access).
 * Chart: https://github.com/community-charts/helm-charts/tree/main/charts/mlflow ; every key below is in its
 * charts/mlflow/values.yaml at chart 1.12.0 (backendStore.existingDatabaseSecret.{name,usernameKey,passwordKey},
 * backendStore.postgres.*, artifactRoot.proxiedArtifactStorage, artifactRoot.s3.*, extraEnvVars, serviceAccount.*).
 * MLflow: https://mlflow.org/docs/latest/self-hosting/architecture/artifact-store/
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { MLFLOW_DB, mlflowDbHost } from "./postgres.js";

/** MLflow's service account: the AWS stack's Pod Identity association must name it. */
export const MLFLOW_SERVICE_ACCOUNT = { namespace: PLATFORM_NAMESPACES.mlops, name: "mlflow" } as const;

/** The bucket of MLflow's artifacts and registry: the spec's, else the name the AWS stack is expected to give it. */
export function modelsBucket(model: PlatformModel): string {
  return model.mlops.modelsBucket ?? `${model.name}-models`;
}

/** The MLflow chart, or undefined when `mlops.tracking` is `none`. */
export function mlflowChart(model: PlatformModel): ChartAppSpec | undefined {
  if (model.mlops.tracking !== "mlflow") return undefined;
  return {
    name: "mlflow",
    chart: CHARTS.mlflow,
    namespace: MLFLOW_SERVICE_ACCOUNT.namespace,
    ownsCrds: false,
    values: {
      replicaCount: 2,
      serviceAccount: { create: true, name: MLFLOW_SERVICE_ACCOUNT.name },
      backendStore: {
        databaseMigration: true,
        postgres: { enabled: true, host: mlflowDbHost(), port: MLFLOW_DB.port, database: MLFLOW_DB.database },
        existingDatabaseSecret: { name: MLFLOW_DB.secret, usernameKey: "username", passwordKey: "password" },
      },
      artifactRoot: {
        proxiedArtifactStorage: true,
        s3: { enabled: true, bucket: modelsBucket(model), path: "mlflow" },
      },
      extraEnvVars: { AWS_DEFAULT_REGION: model.aws.region },
      // The bundled databases and object store stay off: PostgreSQL is ours, artifacts go to S3.
      postgresql: { enabled: false },
      mysql: { enabled: false },
      minio: { enabled: false },
      // The mlops namespace enforces Pod Security restricted.
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        fsGroup: 1000,
        seccompProfile: { type: "RuntimeDefault" },
      },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      ...controlPlacement(model),
    },
  };
}
