/** Ingress and load balancing: the AWS Load Balancer Controller and the `alb` IngressClass. */
import type { PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import type { ComponentManifests } from "../types.js";
import { albIngressClass } from "./class.js";
import { loadBalancerControllerChart } from "./load-balancer-controller.js";

export * from "./class.js";
export * from "./load-balancer-controller.js";

/** The `ingress` component (`k8s/ingress/ingress-class.yaml`) and the controller's chart. */
export function renderIngress(model: PlatformModel): { manifests: ComponentManifests; charts: ChartAppSpec[] } {
  const chart = loadBalancerControllerChart(model);
  if (chart === undefined) return { manifests: { component: "ingress", files: [] }, charts: [] };
  return {
    manifests: { component: "ingress", files: [{ name: "ingress-class", objects: albIngressClass(model) }] },
    charts: [chart],
  };
}
