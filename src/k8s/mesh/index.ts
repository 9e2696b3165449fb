/** Service mesh: Linkerd with cert-manager/trust-manager managed identity; nothing when `networking.mesh` is none. */
import type { PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import type { ComponentManifests } from "../types.js";
import { certManagerChart, trustManagerChart } from "./cert-manager.js";
import { meshIdentity } from "./identity.js";
import { linkerdCharts } from "./linkerd.js";

export * from "./cert-manager.js";
export * from "./identity.js";
export * from "./linkerd.js";

/** The `mesh` component (`k8s/mesh/identity.yaml`) and its charts (cert-manager also serves the ingress). */
export function renderMesh(model: PlatformModel): { manifests: ComponentManifests; charts: ChartAppSpec[] } {
  const charts = [certManagerChart(model), trustManagerChart(model), ...linkerdCharts(model)].filter(
    (c): c is ChartAppSpec => c !== undefined,
  );
  if (model.networking.mesh !== "linkerd") return { manifests: { component: "mesh", files: [] }, charts };
  return { manifests: { component: "mesh", files: [{ name: "identity", objects: meshIdentity() }] }, charts };
}
