/** Network policies: default deny plus explicit allowances in every team namespace (VPC CNI network policies). */
import type { PlatformModel } from "../../model/index.js";
import type { ComponentManifests } from "../types.js";
import { teamNamespacePolicies } from "./team-policies.js";

export * from "./peers.js";
export * from "./team-policies.js";

/** The `network-policy` component: one file per team namespace; empty when `security.networkPolicy` is `none`. */
export function renderNetworkPolicies(model: PlatformModel): ComponentManifests {
  if (model.security.networkPolicy === "none") return { component: "network-policy", files: [] };
  return {
    component: "network-policy",
    files: model.teams.flatMap((team) =>
      team.namespaces.map((ns) => ({ name: ns, objects: teamNamespacePolicies(model, team, ns) })),
    ),
  };
}
