/**
 * Log retention on OpenSearch and Elasticsearch. Fluent Bit writes one index per day (`logstash_format`,
 * `<cluster>-YYYY.MM.DD`), so retention from `observability.logRetentionDays` is a lifecycle policy on the search
 * cluster that deletes those indices once they are older than that. Neither is a Kubernetes object: synthesis writes
 * them as JSON documents under `logging/` and SUMMARY.md gives the command that installs them.
 * - OpenSearch: an Index State Management policy whose `ism_template` attaches it to every new index of the prefix.
 *   https://docs.opensearch.org/latest/im-plugin/ism/policies/ ,
 *   https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ism.html
 * - Elasticsearch: an ILM policy (delete phase `min_age`) and a composable index template setting
 *   `index.lifecycle.name` on the prefix's indices (without rollover, `min_age` counts from index creation).
 *   https://www.elastic.co/guide/en/elasticsearch/reference/current/ilm-put-lifecycle.html ,
 *   https://www.elastic.co/guide/en/elasticsearch/reference/current/index-templates.html
 * CloudWatch retention is the AWS stack's (the log groups' `RetentionInDays`).
 */
import type { PlatformModel } from "../../model/index.js";
import { openSearchDomainOf } from "../../model/validate-logs.js";

/** A JSON document synthesis writes beside the manifests, with the request that installs it. */
export interface LogRetentionDocument {
  /** Path under the platform's output folder, e.g. `logging/ism-policy.json`. */
  readonly path: string;
  /** HTTP method and path on the search cluster that takes the document as its body. */
  readonly request: { readonly method: "PUT"; readonly path: string };
  /** The request body. */
  readonly body: Record<string, unknown>;
}

/** The index prefix Fluent Bit writes with (`Logstash_Prefix`): the cluster name. */
export function logIndexPrefix(model: PlatformModel): string {
  return model.cluster.name;
}

/** The index pattern of every daily index Fluent Bit writes (`<prefix>-YYYY.MM.DD`). */
export function logIndexPattern(model: PlatformModel): string {
  return `${logIndexPrefix(model)}-*`;
}

/** Name of the ISM/ILM policy and index template. */
export function logRetentionPolicyName(model: PlatformModel): string {
  return `${logIndexPrefix(model)}-log-retention`;
}

/** Priority of the ISM template and index template: above the defaults (0) so ours wins for the prefix. */
const TEMPLATE_PRIORITY = 100;

/** The ISM policy: indices of the prefix stay `hot` until `logRetentionDays` old, then are deleted. */
export function ismPolicy(model: PlatformModel): Record<string, unknown> {
  const days = model.observability.logRetentionDays;
  return {
    policy: {
      description: `Delete ${logIndexPattern(model)} indices (Fluent Bit, one per day) ${days} days after creation (eks-ai-platform: observability.logRetentionDays)`,
      default_state: "hot",
      states: [
        {
          name: "hot",
          actions: [],
          transitions: [{ state_name: "delete", conditions: { min_index_age: `${days}d` } }],
        },
        { name: "delete", actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [logIndexPattern(model)], priority: TEMPLATE_PRIORITY }],
    },
  };
}

/** The ILM policy: a delete phase at `logRetentionDays`. */
export function ilmPolicy(model: PlatformModel): Record<string, unknown> {
  const days = model.observability.logRetentionDays;
  return {
    policy: {
      _meta: { managed_by: "eks-ai-platform", source: "observability.logRetentionDays" },
      phases: {
        hot: { min_age: "0ms", actions: {} },
        delete: { min_age: `${days}d`, actions: { delete: {} } },
      },
    },
  };
}

/** The composable index template attaching the ILM policy to every index of the prefix. */
export function ilmIndexTemplate(model: PlatformModel): Record<string, unknown> {
  return {
    index_patterns: [logIndexPattern(model)],
    priority: TEMPLATE_PRIORITY,
    template: { settings: { "index.lifecycle.name": logRetentionPolicyName(model) } },
    _meta: { managed_by: "eks-ai-platform" },
  };
}

/** The retention documents of the spec's log destination (none for CloudWatch or when logs are off). */
export function logRetentionDocuments(model: PlatformModel): LogRetentionDocument[] {
  const name = logRetentionPolicyName(model);
  switch (model.observability.logs) {
    case "opensearch":
      return [
        {
          path: "logging/ism-policy.json",
          request: { method: "PUT", path: `_plugins/_ism/policies/${name}` },
          body: ismPolicy(model),
        },
      ];
    case "elasticsearch":
      return [
        {
          path: "logging/ilm-policy.json",
          request: { method: "PUT", path: `_ilm/policy/${name}` },
          body: ilmPolicy(model),
        },
        {
          path: "logging/index-template.json",
          request: { method: "PUT", path: `_index_template/${name}` },
          body: ilmIndexTemplate(model),
        },
      ];
    default:
      return [];
  }
}

/** The shell command that installs one document (run from the platform's output folder). */
export function applyCommand(model: PlatformModel, doc: LogRetentionDocument): string {
  const endpoint = model.observability.logsEndpoint ?? "<logsEndpoint>";
  const url = `https://${endpoint}/${doc.request.path}`;
  const body = `-H 'Content-Type: application/json' --data-binary @${doc.path}`;
  if (model.observability.logs === "opensearch") {
    // curl >= 7.75 signs with SigV4 itself; the session token header is needed with temporary credentials.
    const region = openSearchDomainOf(endpoint)?.region ?? model.aws.region;
    return `curl --fail-with-body -X ${doc.request.method} "${url}" --aws-sigv4 "aws:amz:${region}:es" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-security-token: $AWS_SESSION_TOKEN" ${body}`;
  }
  return `curl --fail-with-body -X ${doc.request.method} "${url}" --user "$ES_USER:$ES_PASSWORD" ${body}`;
}

/** `## Logs` of SUMMARY.md: where logs go, how long they are kept, and what to apply by hand. */
export function logSummaryLines(model: PlatformModel): string[] {
  const o = model.observability;
  if (o.logs === "none") return [];
  const lines = ["## Logs", ""];
  if (o.logs === "cloudwatch") {
    return [
      ...lines,
      `Fluent Bit ships container and node logs to CloudWatch Logs (\`/aws/containerinsights/${model.cluster.name}/{application,dataplane,host}\`); the AWS stack creates the groups with a retention of at least ${o.logRetentionDays} days.`,
    ];
  }
  const docs = logRetentionDocuments(model);
  lines.push(
    `Fluent Bit ships container and node logs to ${o.logs === "opensearch" ? "Amazon OpenSearch Service" : "Elasticsearch"} at \`${o.logsEndpoint}\`, one index per day (\`${logIndexPattern(model)}\`). Retention (${o.logRetentionDays} days) is a lifecycle policy on that cluster: install it once, before Fluent Bit writes its first index, from this folder:`,
    "",
    "```sh",
    ...docs.map((d) => applyCommand(model, d)),
    "```",
    "",
  );
  if (o.logs === "opensearch") {
    lines.push(
      `The ISM template attaches the policy to indices created after it exists; for indices already there: \`POST _plugins/_ism/add/${logIndexPattern(model)}\` with \`{"policy_id": "${logRetentionPolicyName(model)}"}\`. With fine-grained access control, map Fluent Bit's IAM role (stack output \`FluentBitRoleArn\`) to a backend role that may write \`${logIndexPattern(model)}\`, and sign the commands above with a principal allowed to manage ISM policies.`,
    );
  } else {
    lines.push(
      "The index template sets `index.lifecycle.name` on new indices only; set it on existing ones with `PUT <index>/_settings`. Elasticsearch gets no AWS permission: Fluent Bit writes without SigV4.",
    );
  }
  return lines;
}
