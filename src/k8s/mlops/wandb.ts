/**
 * Weights & Biases as an integration: each team's API key, kept in Secrets Manager as
 * `<prefix>wandb/<team>/api-key`, synced into each of the team's namespaces as Secret `wandb-api-key`
 * (`WANDB_API_KEY`, for `envFrom`). One ClusterSecretStore per team, whose `prefix` confines it to that team's keys
 * and whose `conditions` confine it to that team's namespaces: a team can read neither another team's key nor the
 * platform's secrets. https://external-secrets.io/latest/api/clustersecretstore/
 */
import type { PlatformModel, TeamModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import type { KubeObject } from "../types.js";

/** The Secret W&B clients read (`envFrom`), and its key. */
export const WANDB_SECRET = { name: "wandb-api-key", key: "WANDB_API_KEY" } as const;

/** The Secrets Manager prefix of one team's W&B secrets (inside the platform's prefix, which the IAM role allows). */
export function wandbPrefix(model: PlatformModel, team: TeamModel): string {
  return `${model.security.secrets.prefix}wandb/${team.name}/`;
}

/** One team's store and one ExternalSecret per namespace of the team; none unless W&B is enabled. */
export function wandbSecrets(model: PlatformModel): KubeObject[] {
  if (!model.mlops.experimentTracking.includes("wandb")) return [];
  return model.teams.flatMap((team) => {
    const store = `wandb-${team.name}`;
    return [
      {
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: store, labels: baseLabels("mlops") },
        spec: {
          provider: {
            aws: { service: "SecretsManager", region: model.aws.region, prefix: wandbPrefix(model, team) },
          },
          conditions: [{ namespaces: [...team.namespaces] }],
        },
      },
      ...team.namespaces.map((namespace) => ({
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: WANDB_SECRET.name, namespace, labels: baseLabels("mlops") },
        spec: {
          refreshInterval: "1h",
          secretStoreRef: { kind: "ClusterSecretStore", name: store },
          target: { name: WANDB_SECRET.name, creationPolicy: "Owner" },
          data: [{ secretKey: WANDB_SECRET.key, remoteRef: { key: "api-key" } }],
        },
      })),
    ];
  });
}
