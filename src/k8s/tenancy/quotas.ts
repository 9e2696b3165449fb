/**
 * ResourceQuota and LimitRange per team namespace.
 * kubernetes.io/docs/concepts/policy/resource-quotas/ ("Resource quota for extended resources"): extended resources
 * are quota'd with the `requests.` prefix only, and a resource a quota does not name is not limited at all. So every
 * team quota names `nvidia.com/gpu` and every MIG resource some pool offers, at 0 when the team has none: otherwise
 * a team without a MIG quota could take every MIG slice of the cluster.
 */
import type { PlatformModel, TeamModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import type { KubeObject } from "../types.js";

/** Name of the quota and limit range in each team namespace. */
export const TEAM_QUOTA_NAME = "team-quota";
/** Name of the LimitRange in each team namespace. */
export const TEAM_LIMIT_RANGE_NAME = "team-defaults";

/** Every MIG extended resource some pool of the model advertises, sorted. */
export function migResources(model: PlatformModel): string[] {
  const out = new Set<string>();
  for (const pool of model.pools) {
    if (pool.sharing.method !== "mig") continue;
    for (const profile of pool.sharing.layout) out.add(`nvidia.com/mig-${profile}`);
  }
  return [...out].sort();
}

/** The `hard` entries of a team's quota: the model's quota plus 0 for every GPU resource it does not grant. */
export function quotaHard(model: PlatformModel, team: TeamModel): Record<string, string> {
  const hard: Record<string, string> = { "requests.nvidia.com/gpu": "0" };
  for (const r of migResources(model)) hard[`requests.${r}`] = "0";
  Object.assign(hard, team.quota);
  return Object.fromEntries(Object.entries(hard).sort(([a], [b]) => a.localeCompare(b)));
}

/** One ResourceQuota per team namespace (the spec's quota applies to each of the team's namespaces). */
export function resourceQuotas(model: PlatformModel): KubeObject[] {
  return model.teams.flatMap((team) =>
    team.namespaces.map((ns) => ({
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: TEAM_QUOTA_NAME, namespace: ns, labels: baseLabels("tenancy") },
      spec: { hard: quotaHard(model, team) },
    })),
  );
}

/**
 * One LimitRange per team namespace. A quota on `requests.cpu`/`requests.memory` makes the API server reject pods
 * without requests; the defaults fill them in so a quick `kubectl run` still works. Memory gets a default limit (the
 * kernel OOM-kills above it rather than the node); CPU gets none, because a CPU limit throttles data loaders.
 */
export function limitRanges(model: PlatformModel): KubeObject[] {
  return model.teams.flatMap((team) =>
    team.namespaces.map((ns) => ({
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: { name: TEAM_LIMIT_RANGE_NAME, namespace: ns, labels: baseLabels("tenancy") },
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: { cpu: "100m", memory: "256Mi" },
            default: { memory: "1Gi" },
          },
        ],
      },
    })),
  );
}
