/** MLOps: MLflow on PostgreSQL (gp3, External Secrets credentials) and S3; W&B keys confined per team; Feast. */
import { describe, expect, it } from "vitest";
import {
  FEAST_SERVICE_ACCOUNT,
  feastChart,
  feastServiceAccount,
  mlflowChart,
  renderMlops,
  wandbSecrets,
} from "../../../src/k8s/mlops/index.js";
import { FEAST_REGISTRY_PREFIX, feastTablePrefix } from "../../../src/model/index.js";
import { defaultModel, modelOf } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";

const model = defaultModel();

describe("mlops", () => {
  const objects = renderMlops(model).manifests.files.flatMap((f) => f.objects);

  it("every object validates", () => {
    for (const o of objects) expectValid(o);
  });

  it("PostgreSQL on gp3 with credentials from the mlflow-db Secret", () => {
    const sts = objects.find((o) => o.kind === "StatefulSet") as any;
    expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe("gp3");
    const env = sts.spec.template.spec.containers[0].env as { name: string; valueFrom?: any }[];
    expect(env.find((e) => e.name === "POSTGRES_PASSWORD")?.valueFrom.secretKeyRef.name).toBe("mlflow-db");
  });

  it("MLflow: artifacts in the models bucket through the server, service account mlflow", () => {
    const v = mlflowChart(model)!.values as any;
    expect(v.artifactRoot.s3).toMatchObject({ enabled: true, bucket: `${model.name}-models` });
    expect(v.serviceAccount.name).toBe("mlflow");
    expect(v.backendStore.existingDatabaseSecret.name).toBe("mlflow-db");
  });

  it("one W&B store per team, confined to its namespaces and its own prefix", () => {
    const stores = wandbSecrets(model).filter((o) => o.kind === "ClusterSecretStore") as any[];
    expect(stores).toHaveLength(model.teams.length);
    for (const [i, team] of model.teams.entries()) {
      expect(stores[i].spec.conditions[0].namespaces).toEqual(team.namespaces);
      expect(stores[i].spec.provider.aws.prefix).toBe(`${model.security.secrets.prefix}wandb/${team.name}/`);
    }
    const noWandb = modelOf(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  mlops: { experimentTracking: [mlflow] }\n",
    );
    expect(wandbSecrets(noWandb)).toEqual([]);
  });

  it("Feast only when enabled", () => {
    expect(feastChart(model)).toBeUndefined();
    const feast = modelOf(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  mlops: { featureStore: feast }\n",
    );
    const yaml = Buffer.from((feastChart(feast)!.values as any).feature_store_yaml_base64, "base64").toString();
    expect(JSON.parse(yaml).online_store.type).toBe("dynamodb");
    expect(feastServiceAccount(model)).toEqual([]);
  });

  describe("Feast", () => {
    const feast = modelOf(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: ml-platform }\nspec:\n  mlops: { featureStore: feast }\n",
    );
    const chart = feastChart(feast)!;
    const config = JSON.parse(
      Buffer.from((chart.values as any).feature_store_yaml_base64, "base64").toString(),
    ) as Record<string, any>;

    it("runs as mlops/feast, a ServiceAccount this component renders (the chart creates none)", () => {
      expect((chart.values as any).serviceAccount).toEqual({ name: FEAST_SERVICE_ACCOUNT.name });
      const objects = renderMlops(feast).manifests.files.flatMap((f) => f.objects);
      const sa = objects.filter((o) => o.kind === "ServiceAccount");
      expect(sa.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["mlops/feast"]);
      for (const o of sa) expectValid(o);
      expect(chart.namespace).toBe(FEAST_SERVICE_ACCOUNT.namespace);
    });

    it("pins the chart version whose values have serviceAccount.name (0.41 and later)", () => {
      const [major, minor] = chart.chart.version.split(".").map(Number);
      expect(major === 0 && minor! >= 41).toBe(true);
    });

    it("registry under feast/ of the models bucket, tables <project>.<view>: what the AWS role is scoped to", () => {
      expect(config.registry).toBe(`s3://ml-platform-models/${FEAST_REGISTRY_PREFIX}registry.db`);
      expect(config.project).toBe("ml_platform");
      expect(config.online_store).toEqual({
        type: "dynamodb",
        region: feast.aws.region,
        table_name_template: "{project}.{table_name}",
      });
      const table = config.online_store.table_name_template
        .replace("{project}", config.project)
        .replace("{table_name}", "driver_stats");
      expect(table.startsWith(feastTablePrefix(feast))).toBe(true);
    });
  });
});
