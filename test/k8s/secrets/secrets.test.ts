import { describe, expect, it } from "vitest";
import { clusterSecretStore, externalSecrets, renderSecrets } from "../../../src/k8s/secrets/index.js";
import { defaultModel, expectSchemaValid, modelWith } from "../base/fixtures.js";

const model = defaultModel();

describe("secrets", () => {
  it("every object is schema-valid", () => {
    for (const f of renderSecrets(model).manifests.files) for (const o of f.objects) expectSchemaValid(o);
  });

  it("reads AWS Secrets Manager under the platform prefix with no static credentials, for platform namespaces only", () => {
    const store = clusterSecretStore(model);
    const provider = (store.spec as { provider: { aws: Record<string, unknown> } }).provider.aws;
    expect(provider).toEqual({ service: "SecretsManager", region: model.aws.region, prefix: "ml-platform/" });
    expect(provider.auth).toBeUndefined();
    expect(store.spec).toMatchObject({ conditions: [{ namespaces: ["llm-gateway", "mlops", "monitoring"] }] });
    const teams = model.namespaces.filter((n) => n.kind === "team").map((n) => n.name);
    for (const t of teams) expect(JSON.stringify(store.spec)).not.toContain(`"${t}"`);
  });

  it("uses the spec's prefix", () => {
    const store = clusterSecretStore(modelWith("  security:\n    secrets:\n      prefix: prod/ml/\n"));
    expect(store.spec).toMatchObject({ provider: { aws: { prefix: "prod/ml/" } } });
  });

  it("fetches the Grafana admin, MLflow database and LLM gateway teams secrets through the store", () => {
    const secrets = externalSecrets(model);
    expect(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([
      "monitoring/grafana-admin",
      "mlops/mlflow-db",
      "llm-gateway/llm-gateway-teams",
    ]);
    for (const s of secrets)
      expect(s.spec).toMatchObject({ secretStoreRef: { kind: "ClusterSecretStore", name: "aws-secrets-manager" } });
  });
});
