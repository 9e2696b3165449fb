/**
 * Checks of the log destination (`spec.observability.logs` and `logsEndpoint`), and the one reading of an Amazon
 * OpenSearch Service endpoint that validation, the AWS stack (Fluent Bit's IAM policy) and Fluent Bit's own
 * configuration share.
 */
import type { Finding, FindingCode, PlatformSpec } from "../spec/index.js";

/** An Amazon OpenSearch Service domain as its endpoint names it. */
export interface OpenSearchDomain {
  /** Domain name (3-28 characters: lowercase letters, digits, hyphens; starts with a letter). */
  readonly domainName: string;
  /** Region of the domain, e.g. `us-west-2`: the region Fluent Bit signs its requests for. */
  readonly region: string;
}

/**
 * Domain endpoints as Amazon OpenSearch Service assigns them: `search-<domain>-<id>.<region>.es.amazonaws.com` for
 * public access, `vpc-<domain>-<id>.<region>.es.amazonaws.com` inside a VPC (`.com.cn` in the China regions). The
 * domain name may contain hyphens; the generated id is the last hyphen-separated part and has none.
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createupdatedomains.html
 */
const DOMAIN_ENDPOINT =
  /^(?:search|vpc)-([a-z][a-z0-9-]{2,27})-([a-z0-9]+)\.([a-z]{2}(?:-[a-z]+)+-\d)\.es\.amazonaws\.com(?:\.cn)?$/;

/** The endpoint forms an Amazon OpenSearch Service domain endpoint takes, for findings. */
export const OPENSEARCH_ENDPOINT_FORMS = [
  "search-<domain>-<id>.<region>.es.amazonaws.com",
  "vpc-<domain>-<id>.<region>.es.amazonaws.com",
] as const;

/** The domain and region an Amazon OpenSearch Service endpoint names, or undefined when it is not one. */
export function openSearchDomainOf(endpoint: string): OpenSearchDomain | undefined {
  const m = DOMAIN_ENDPOINT.exec(endpoint.toLowerCase());
  if (m === null) return undefined;
  return { domainName: m[1]!, region: m[3]! };
}

type Add = (code: FindingCode, path: readonly PropertyKey[], message: string, extra?: Partial<Finding>) => void;

/**
 * `logs: opensearch | elasticsearch` needs `logsEndpoint`, a bare host name (Fluent Bit's `Host`, port 443 and TLS
 * are set apart); for `opensearch` the host must be a domain endpoint, since the AWS stack scopes Fluent Bit's
 * `es:ESHttp*` permissions to the domain it names and Fluent Bit signs for the domain's region.
 */
export function validateLogs(s: PlatformSpec["spec"], add: Add): void {
  const { logs, logsEndpoint } = s.observability;
  if (logs !== "opensearch" && logs !== "elasticsearch") return;
  const path = ["spec", "observability", "logsEndpoint"] as const;
  if (logsEndpoint === undefined) {
    add("AIP005", ["spec", "observability", "logs"], `logs is ${logs}: set observability.logsEndpoint to its host`, {
      found: logs,
      allowed: ["logsEndpoint: <host>", "logs: cloudwatch", "logs: none"],
    });
    return;
  }
  if (!/^[A-Za-z0-9.-]+$/.test(logsEndpoint)) {
    add("AIP029", path, `logsEndpoint "${logsEndpoint}" is not a bare host name (no scheme, port or path)`, {
      found: logsEndpoint,
      allowed: logs === "opensearch" ? [...OPENSEARCH_ENDPOINT_FORMS] : ["<host>"],
    });
    return;
  }
  if (logs === "opensearch" && openSearchDomainOf(logsEndpoint) === undefined) {
    add(
      "AIP029",
      path,
      `logsEndpoint "${logsEndpoint}" is not an Amazon OpenSearch Service domain endpoint: Fluent Bit's IAM permissions are scoped to the domain it names (for a self-managed cluster, use logs: elasticsearch)`,
      { found: logsEndpoint, allowed: [...OPENSEARCH_ENDPOINT_FORMS] },
    );
  }
}
