/** The `mlops` component: MLflow (chart) with its PostgreSQL, W&B API keys for teams, Feast when enabled. */
import type { PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import type { ComponentManifests } from "../types.js";
import { feastChart, feastServiceAccount } from "./feast.js";
import { mlflowChart } from "./mlflow.js";
import { mlflowPostgres } from "./postgres.js";
import { wandbSecrets } from "./wandb.js";

export * from "./feast.js";
export * from "./mlflow.js";
export * from "./postgres.js";
export * from "./wandb.js";

/** Component (folder) name. */
export const MLOPS_COMPONENT = "mlops";

/** The mlops manifests and charts. */
export function renderMlops(model: PlatformModel): { manifests: ComponentManifests; charts: ChartAppSpec[] } {
  const mlflow = model.mlops.tracking === "mlflow";
  return {
    manifests: {
      component: MLOPS_COMPONENT,
      files: [
        { name: "mlflow-postgresql", objects: mlflow ? mlflowPostgres(model) : [] },
        { name: "wandb", objects: wandbSecrets(model) },
        { name: "feast", objects: feastServiceAccount(model) },
      ],
    },
    charts: [mlflowChart(model), feastChart(model)].filter((c): c is ChartAppSpec => c !== undefined),
  };
}
