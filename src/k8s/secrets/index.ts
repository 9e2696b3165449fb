/**
 * Secrets: External Secrets Operator with one ClusterSecretStore for AWS Secrets Manager, and the ExternalSecrets the
 * platform itself needs (external-secrets.io/latest/provider/aws-secrets-manager/).
 * - No static credentials: the store names no `auth`, so the operator uses the AWS SDK's default chain, which picks
 *   up the EKS Pod Identity credentials of its service account `external-secrets/external-secrets` (the AWS stack
 *   associates the role).
 * - Restricted to the platform's prefix twice: the store's `prefix` is prepended to every key an ExternalSecret asks
 *   for, so no key outside it can be named; and the IAM role may read `secret:<prefix>*` only (AWS stack).
 * - Restricted to platform namespaces (`conditions`): team namespaces cannot use this store to read platform secrets.
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { controlPlacement } from "../base-placement.js";
import { GATEWAY_SECRETS, PLATFORM_GATEWAY } from "../gateway/platform.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";
import type { ComponentManifests, KubeObject } from "../types.js";

/** Name of the ClusterSecretStore. */
export const PLATFORM_SECRET_STORE = "aws-secrets-manager";

/** The operator's service account: the AWS stack's Pod Identity association names it. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = {
  namespace: PLATFORM_NAMESPACES.externalSecrets,
  name: "external-secrets",
} as const;

/** A secret the platform reads from Secrets Manager: `<prefix><key>`, a JSON object whose properties become keys. */
export interface PlatformSecret {
  readonly name: string;
  readonly namespace: string;
  /** Secrets Manager name without the platform prefix. */
  readonly key: string;
  /** Kubernetes Secret key -> JSON property of the Secrets Manager secret. */
  readonly data: Readonly<Record<string, string>>;
  readonly reason: string;
}

/** The secrets the platform's own services need, given what the spec enables. */
export function platformSecrets(model: PlatformModel): PlatformSecret[] {
  const out: PlatformSecret[] = [];
  if (model.observability.metrics === "prometheus") {
    out.push({
      name: "grafana-admin",
      namespace: PLATFORM_NAMESPACES.monitoring,
      key: "grafana/admin",
      data: { "admin-user": "username", "admin-password": "password" },
      reason: "Grafana's admin login (the chart's admin.existingSecret)",
    });
  }
  if (model.mlops.tracking === "mlflow") {
    out.push({
      name: "mlflow-db",
      namespace: PLATFORM_NAMESPACES.mlops,
      key: "mlflow/db",
      data: { username: "username", password: "password", host: "host", port: "port", dbname: "dbname" },
      reason: "MLflow's backend store (PostgreSQL) credentials",
    });
  }
  if (model.gateway.enabled) {
    const { teams, database } = GATEWAY_SECRETS;
    out.push({
      name: teams.name,
      namespace: PLATFORM_GATEWAY.namespace,
      key: teams.remoteKey,
      data: { [teams.key]: teams.key },
      reason: "the LLM gateway's teams: hashed API keys, allowed models, limits and budgets (docs/gateway.md)",
    });
    if (model.gateway.database === "postgres")
      out.push({
        name: database.name,
        namespace: PLATFORM_GATEWAY.namespace,
        key: database.remoteKey,
        data: { [database.key]: database.key },
        reason: "the LLM gateway's usage and prompt store (a postgres:// URL)",
      });
  }
  return out;
}

/** The External Secrets Operator Application (CRDs from the chart, highly available, on the control pool). */
export function externalSecretsChart(model: PlatformModel): ChartAppSpec {
  const placement = controlPlacement(model);
  const pdb = { enabled: true, maxUnavailable: 1 };
  return {
    name: "external-secrets",
    chart: CHARTS["external-secrets"],
    namespace: EXTERNAL_SECRETS_SERVICE_ACCOUNT.namespace,
    ownsCrds: true,
    values: {
      installCRDs: true,
      serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT.name },
      replicaCount: 2,
      podDisruptionBudget: pdb,
      priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.control,
      ...placement,
      webhook: { replicaCount: 2, podDisruptionBudget: pdb, ...placement },
      certController: { ...placement },
    },
  };
}

/** The ClusterSecretStore. */
export function clusterSecretStore(model: PlatformModel): KubeObject {
  const namespaces = [...new Set(platformSecrets(model).map((s) => s.namespace))].sort();
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    metadata: { name: PLATFORM_SECRET_STORE, labels: baseLabels("secrets") },
    spec: {
      provider: {
        aws: { service: "SecretsManager", region: model.aws.region, prefix: model.security.secrets.prefix },
      },
      // Only platform namespaces may use the store; with no platform secret, a name no namespace can have.
      conditions: [{ namespaces: namespaces.length > 0 ? namespaces : ["-none-"] }],
    },
  };
}

/** One ExternalSecret per platform secret; the target Secret is owned by it and refreshed hourly. */
export function externalSecrets(model: PlatformModel): KubeObject[] {
  return platformSecrets(model).map((s) => ({
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: {
      name: s.name,
      namespace: s.namespace,
      labels: baseLabels("secrets"),
      annotations: { "eks-ai-platform/reason": s.reason },
    },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: PLATFORM_SECRET_STORE },
      target: { name: s.name, creationPolicy: "Owner", deletionPolicy: "Retain" },
      data: Object.entries(s.data).map(([secretKey, property]) => ({
        secretKey,
        remoteRef: { key: s.key, property },
      })),
    },
  }));
}

/** The `secrets` component and the operator's chart. */
export function renderSecrets(model: PlatformModel): { manifests: ComponentManifests; charts: ChartAppSpec[] } {
  return {
    manifests: {
      component: "secrets",
      files: [
        { name: "cluster-secret-store", objects: [clusterSecretStore(model)] },
        { name: "external-secrets", objects: externalSecrets(model) },
      ],
    },
    charts: [externalSecretsChart(model)],
  };
}
