/**
 * Log retention on OpenSearch/Elasticsearch: the ISM policy (or ILM policy and index template) matches the indices
 * Fluent Bit writes and deletes them after `logRetentionDays`; SUMMARY.md says how to install it.
 */
import { describe, expect, it } from "vitest";
import { synthesizePlatform } from "../../../src/cli/synthesize.js";
import { renderSummary } from "../../../src/emit/summary.js";
import {
  fluentBitChart,
  ilmIndexTemplate,
  ilmPolicy,
  ismPolicy,
  logRetentionDocuments,
  logRetentionPolicyName,
  logSummaryLines,
} from "../../../src/k8s/observability/index.js";
import { defaultModel, modelOf } from "../../support/platforms.js";

const OS_ENDPOINT = "vpc-ml-logs-a1b2c3d4e5.eu-west-1.es.amazonaws.com";
const variant = (observability: string) =>
  modelOf(
    `apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata: { name: ml-platform }\nspec:\n  observability: ${observability}\n`,
  );
const opensearch = variant(`{ logs: opensearch, logsEndpoint: ${OS_ENDPOINT}, logRetentionDays: 14 }`);
const elasticsearch = variant("{ logs: elasticsearch, logsEndpoint: logs.example.internal, logRetentionDays: 90 }");

/** A glob with `*` as the only wildcard (ISM and index templates' pattern syntax) as a RegExp. */
const globRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

/** The index Fluent Bit writes on a given day: `<Logstash_Prefix>-<Logstash_DateFormat %Y.%m.%d>`. */
const dailyIndex = (prefix: string, day = "2026.11.29") => `${prefix}-${day}`;

describe("ISM policy (OpenSearch)", () => {
  const policy = ismPolicy(opensearch).policy as any;
  const prefix = (fluentBitChart(opensearch)!.values as { opensearch: { logstashPrefix: string } }).opensearch;

  it("attaches itself to the daily indices Fluent Bit writes, and to no other prefix", () => {
    const patterns: string[] = policy.ism_template.flatMap((t: { index_patterns: string[] }) => t.index_patterns);
    expect(patterns.some((p) => globRegExp(p).test(dailyIndex(prefix.logstashPrefix)))).toBe(true);
    expect(patterns.some((p) => globRegExp(p).test(dailyIndex("other-cluster")))).toBe(false);
    expect(policy.ism_template[0].priority).toBeGreaterThan(0);
  });

  it("deletes an index once it is logRetentionDays old", () => {
    const start = policy.states.find((s: { name: string }) => s.name === policy.default_state);
    expect(start.transitions).toEqual([{ state_name: "delete", conditions: { min_index_age: "14d" } }]);
    const del = policy.states.find((s: { name: string }) => s.name === "delete");
    expect(del.actions).toEqual([{ delete: {} }]);
    expect(del.transitions).toEqual([]);
  });

  it("is one document, PUT to _plugins/_ism/policies/<name>, with a SigV4 command for the domain's region", () => {
    const docs = logRetentionDocuments(opensearch);
    expect(docs.map((d) => [d.path, d.request.method, d.request.path])).toEqual([
      ["logging/ism-policy.json", "PUT", `_plugins/_ism/policies/${logRetentionPolicyName(opensearch)}`],
    ]);
    const summary = logSummaryLines(opensearch).join("\n");
    expect(summary).toContain(
      `curl --fail-with-body -X PUT "https://${OS_ENDPOINT}/_plugins/_ism/policies/ml-platform-log-retention" --aws-sigv4 "aws:amz:eu-west-1:es"`,
    );
    expect(summary).toContain("--data-binary @logging/ism-policy.json");
    expect(summary).toContain("FluentBitRoleArn");
  });
});

describe("ILM policy and index template (Elasticsearch)", () => {
  const prefix = (
    fluentBitChart(elasticsearch)!.values as { elasticsearch: { extraOutputs: string } }
  ).elasticsearch.extraOutputs
    .split("\n")
    .find((l) => l.startsWith("Logstash_Prefix "))!
    .slice("Logstash_Prefix ".length);

  it("deletes an index once it is logRetentionDays old", () => {
    const phases = (ilmPolicy(elasticsearch).policy as any).phases;
    expect(phases.delete).toEqual({ min_age: "90d", actions: { delete: {} } });
  });

  it("the index template names the policy on every daily index Fluent Bit writes", () => {
    const template = ilmIndexTemplate(elasticsearch) as any;
    expect(template.index_patterns.some((p: string) => globRegExp(p).test(dailyIndex(prefix)))).toBe(true);
    expect(template.template.settings["index.lifecycle.name"]).toBe(logRetentionPolicyName(elasticsearch));
  });

  it("two documents and two commands, without SigV4", () => {
    const docs = logRetentionDocuments(elasticsearch);
    expect(docs.map((d) => d.request.path)).toEqual([
      "_ilm/policy/ml-platform-log-retention",
      "_index_template/ml-platform-log-retention",
    ]);
    const summary = logSummaryLines(elasticsearch).join("\n");
    for (const d of docs) expect(summary).toContain(`@${d.path}`);
    expect(summary).not.toContain("sigv4");
  });
});

describe("CloudWatch and none", () => {
  it("write no documents; SUMMARY.md states CloudWatch's retention", () => {
    const model = defaultModel();
    expect(logRetentionDocuments(model)).toEqual([]);
    expect(logSummaryLines(model).join("\n")).toContain(`at least ${model.observability.logRetentionDays} days`);
    const none = variant("{ logs: none }");
    expect(logRetentionDocuments(none)).toEqual([]);
    expect(logSummaryLines(none)).toEqual([]);
  });
});

describe("synthesis", () => {
  it("writes the ISM policy under logging/ and SUMMARY.md lists it with its command", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const out = mkdtempSync(join(tmpdir(), "aiplat-logs-"));
    try {
      const r = await synthesizePlatform(opensearch, out, { documents: logRetentionDocuments });
      expect(r.files).toContain("logging/ism-policy.json");
      const written = JSON.parse(readFileSync(join(r.dir, "logging/ism-policy.json"), "utf8"));
      expect(written).toEqual(ismPolicy(opensearch));
      expect(r.summary).toContain("## Logs");
      expect(r.summary).toContain("`logging/ism-policy.json`");
      expect(renderSummary(opensearch, undefined, [])).toContain("_plugins/_ism/policies/ml-platform-log-retention");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
