/** Tenancy: namespaces with Pod Security labels, team quotas and defaults, PriorityClasses. */
import type { PlatformModel } from "../../model/index.js";
import type { ComponentManifests } from "../types.js";
import { namespaces } from "./namespaces.js";
import { priorityClasses } from "./priority-classes.js";
import { limitRanges, resourceQuotas } from "./quotas.js";

export * from "./disruption-budgets.js";
export * from "./namespaces.js";
export * from "./platform-namespaces.js";
export * from "./priority-classes.js";
export * from "./quotas.js";

/** The `tenancy` component: `k8s/tenancy/{namespaces,priority-classes,resource-quotas,limit-ranges}.yaml`. */
export function renderTenancy(model: PlatformModel): ComponentManifests {
  return {
    component: "tenancy",
    files: [
      { name: "namespaces", objects: namespaces(model) },
      { name: "priority-classes", objects: priorityClasses() },
      { name: "resource-quotas", objects: resourceQuotas(model) },
      { name: "limit-ranges", objects: limitRanges(model) },
    ],
  };
}
