/**
 * cert-manager and trust-manager charts (cert-manager.io/docs/installation/helm/, cert-manager.io/docs/trust/
 * trust-manager/installation/). Highly available: several replicas spread by the scheduler, chart PDBs on, on the
 * control pool, platform-critical priority.
 */
import { CHARTS } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { HA_REPLICAS } from "../tenancy/disruption-budgets.js";
import { needsCertManager, PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";

/** The cert-manager Application (when the mesh or the load balancer controller needs it). */
export function certManagerChart(model: PlatformModel): ChartAppSpec | undefined {
  if (!needsCertManager(model)) return undefined;
  const placement = controlPlacement(model);
  const ha = { replicaCount: HA_REPLICAS, podDisruptionBudget: { enabled: true, maxUnavailable: 1 }, ...placement };
  return {
    name: "cert-manager",
    chart: CHARTS["cert-manager"],
    namespace: PLATFORM_NAMESPACES.certManager,
    ownsCrds: true,
    values: {
      // CRDs from the chart, kept when the release is removed (deleting them deletes every Certificate).
      crds: { enabled: true, keep: true },
      global: { priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.control },
      ...ha,
      webhook: { ...ha },
      cainjector: { ...ha },
      startupapicheck: { ...placement },
    },
  };
}

/** The trust-manager Application (the mesh's trust bundle); its trust namespace is cert-manager's. */
export function trustManagerChart(model: PlatformModel): ChartAppSpec | undefined {
  if (model.networking.mesh !== "linkerd") return undefined;
  return {
    name: "trust-manager",
    chart: CHARTS["trust-manager"],
    namespace: PLATFORM_NAMESPACES.certManager,
    ownsCrds: true,
    values: {
      crds: { enabled: true, keep: true },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.control,
      app: { trust: { namespace: PLATFORM_NAMESPACES.certManager } },
      ...controlPlacement(model),
    },
  };
}
