/**
 * Fluent Bit (AWS for Fluent Bit chart) on every node, shipping container logs and node logs:
 * - CloudWatch Logs (`observability.logs: cloudwatch`): the Container Insights groups the AWS stack creates with the
 *   spec's retention (`/aws/containerinsights/<cluster>/{application,dataplane,host}`); Fluent Bit may only write
 *   to them (no CreateLogGroup, no PutRetentionPolicy), so retention is the stack's, from `logRetentionDays`.
 * - Amazon OpenSearch Service (`opensearch`, SigV4 through Pod Identity) or Elasticsearch (`elasticsearch`) at
 *   `observability.logsEndpoint`: one index per day (`logstash_format`), so retention is an index lifecycle policy
 *   on the cluster deleting indices older than `logRetentionDays` (stated in SUMMARY.md).
 * Credentials: EKS Pod Identity for `amazon-cloudwatch/fluent-bit` (AWS stack); no keys, no IRSA annotation. For
 * OpenSearch the stack allows `es:ESHttpPost` (its `_bulk` writes) on the domain `logsEndpoint` names only.
 * Chart values (pinned 0.2.1): aws/eks-charts stable/aws-for-fluent-bit/values.yaml and templates/configmap.yaml.
 * The `opensearch` section renders every key set here; the `elasticsearch` section renders only AWS_Region,
 * AWS_Auth, Host, Port, TLS, Retry_Limit, Replace_Dots and Suppress_Type_Name, so its index naming goes through
 * `extraOutputs`.
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { openSearchDomainOf } from "../../model/validate-logs.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { logIndexPrefix } from "./log-retention.js";
import { everyPoolTolerations } from "./placement.js";

/** Fluent Bit's service account: the AWS stack's Pod Identity association names it. */
export const FLUENT_BIT_SERVICE_ACCOUNT = { namespace: PLATFORM_NAMESPACES.logging, name: "fluent-bit" } as const;

/** The CloudWatch log groups by kind, as the AWS stack names them (Container Insights layout). */
export function logGroupNames(model: PlatformModel): { application: string; dataplane: string; host: string } {
  const base = `/aws/containerinsights/${model.cluster.name}`;
  return { application: `${base}/application`, dataplane: `${base}/dataplane`, host: `${base}/host` };
}

/** One section of Fluent Bit's classic configuration from typed key/value pairs (a key may repeat). */
export function fluentBitSection(kind: "INPUT" | "OUTPUT", entries: readonly (readonly [string, string])[]): string {
  return [`[${kind}]`, ...entries.map(([k, v]) => `    ${k} ${v}`)].join("\n");
}

/**
 * Node logs from the journal (AL2023 logs to journald): the kubelet and containerd as `dataplane`, kernel messages
 * (NVIDIA driver XID reports among them) as `host`.
 */
export function nodeLogInputs(): string {
  const journal = (tag: string, filter: string[], db: string) =>
    fluentBitSection("INPUT", [
      ["Name", "systemd"],
      ["Tag", tag],
      ...filter.map((f) => ["Systemd_Filter", f] as const),
      ["Path", "/var/log/journal"],
      ["DB", db],
      ["Read_From_Tail", "On"],
      ["Strip_Underscores", "On"],
    ]);
  return [
    journal(
      "dataplane.systemd.*",
      ["_SYSTEMD_UNIT=kubelet.service", "_SYSTEMD_UNIT=containerd.service"],
      "/var/log/flb_dataplane.db",
    ),
    journal("host.kernel", ["_TRANSPORT=kernel"], "/var/log/flb_host.db"),
  ].join("\n");
}

/** Outputs of the node logs to their CloudWatch groups. */
function nodeLogOutputs(model: PlatformModel): string {
  const groups = logGroupNames(model);
  const out = (match: string, group: string) =>
    fluentBitSection("OUTPUT", [
      ["Name", "cloudwatch_logs"],
      ["Match", match],
      ["region", model.aws.region],
      ["log_group_name", group],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fluent Bit expands ${HOSTNAME} itself.
      ["log_stream_prefix", "${HOSTNAME}."],
      ["auto_create_group", "false"],
    ]);
  return [out("dataplane.*", groups.dataplane), out("host.*", groups.host)].join("\n");
}

/** The Fluent Bit chart, or undefined when `observability.logs` is `none`. */
export function fluentBitChart(model: PlatformModel): ChartAppSpec | undefined {
  const logs = model.observability.logs;
  if (logs === "none") return undefined;
  const endpoint = model.observability.logsEndpoint;
  if (logs !== "cloudwatch" && endpoint === undefined) {
    throw new Error(`observability.logs is ${logs}: observability.logsEndpoint must name the cluster's host`);
  }
  const cloudwatch = logs === "cloudwatch";
  const prefix = logIndexPrefix(model);
  const search = {
    // Container logs and the node logs of the journal inputs, all into the daily indices.
    match: "*",
    host: endpoint ?? "",
    port: "443",
    tls: "On",
    // SigV4 signs for the domain's region (validation guarantees an OpenSearch endpoint names one).
    awsRegion: (endpoint === undefined ? undefined : openSearchDomainOf(endpoint)?.region) ?? model.aws.region,
    // Amazon OpenSearch Service signs requests with SigV4 (Pod Identity credentials); self-managed Elasticsearch not.
    awsAuth: logs === "opensearch" ? "On" : "Off",
    replaceDots: "On",
    suppressTypeName: "On",
  };
  return {
    name: "aws-for-fluent-bit",
    chart: CHARTS["aws-for-fluent-bit"],
    namespace: FLUENT_BIT_SERVICE_ACCOUNT.namespace,
    ownsCrds: false,
    values: {
      serviceAccount: { create: true, name: FLUENT_BIT_SERVICE_ACCOUNT.name },
      // A node agent: every node, GPU nodes included (their kernel log carries the NVIDIA XID reports).
      tolerations: everyPoolTolerations(model),
      priorityClassName: "system-node-critical",
      input: { enabled: true, tag: "kube.*" },
      filter: { enabled: true, match: "kube.*" },
      additionalInputs: nodeLogInputs(),
      ...(cloudwatch ? { additionalOutputs: nodeLogOutputs(model) } : {}),
      cloudWatch: { enabled: false },
      cloudWatchLogs: {
        enabled: cloudwatch,
        match: "kube.*",
        region: model.aws.region,
        logGroupName: logGroupNames(model).application,
        // One group for every container (the IAM policy allows exactly the stack's groups), one stream per container.
        logGroupTemplate: "",
        logStreamPrefix: "",
        logStreamTemplate: "$kubernetes['namespace_name'].$kubernetes['pod_name'].$kubernetes['container_name']",
        autoCreateGroup: false,
      },
      opensearch: {
        enabled: logs === "opensearch",
        ...search,
        index: prefix,
        logstashFormat: "On",
        logstashPrefix: prefix,
      },
      elasticsearch: {
        enabled: logs === "elasticsearch",
        ...search,
        extraOutputs: ["Logstash_Format On", `Logstash_Prefix ${prefix}`].join("\n"),
      },
    },
  };
}
