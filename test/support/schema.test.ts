import { describe, expect, it } from "vitest";
import { crdSchemasAvailable, expectValid, validateObject } from "./schema.js";

const nodePool = (consolidationPolicy: string) => ({
  apiVersion: "karpenter.sh/v1",
  kind: "NodePool",
  metadata: { name: "p" },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "p" },
        requirements: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] }],
      },
    },
    disruption: { consolidationPolicy, consolidateAfter: "10m" },
  },
});

describe("schema helper", () => {
  it("accepts a valid ConfigMap and rejects one with a non-string value", () => {
    expectValid({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } });
    const bad = validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: 1 } });
    expect(bad.status).toBe("validated");
    expect(bad.errors.join("\n")).toMatch(/\/data\/a/);
  });

  it("rejects an object without a name", () => {
    expect(validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: {} }).errors).not.toEqual([]);
  });

  it.skipIf(!crdSchemasAvailable())("validates a NodePool against the Karpenter CRD and rejects a wrong enum", () => {
    expectValid(nodePool("WhenEmpty"));
    const bad = validateObject(nodePool("Sometimes"));
    expect(bad.schema).toBe("karpenter/karpenter.sh_nodepools.yaml");
    expect(bad.errors.join("\n")).toMatch(/\/spec\/disruption\/consolidationPolicy/);
  });

  it.skipIf(!crdSchemasAvailable())("compiles Go RE2 patterns such as (?i)", () => {
    const rule = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "r" },
      spec: { groups: [{ name: "g", partial_response_strategy: "WARN", rules: [{ record: "a", expr: "1" }] }] },
    };
    expectValid(rule);
    const bad = validateObject({
      ...rule,
      spec: { groups: [{ ...rule.spec.groups[0], partial_response_strategy: "maybe" }] },
    });
    expect(bad.errors).not.toEqual([]);
  });

  it.skipIf(!crdSchemasAvailable())("reports a kind no CRD serves as an error, not a pass", () => {
    const r = validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } });
    expect(r.errors.join()).toMatch(/no schema/);
  });
});
