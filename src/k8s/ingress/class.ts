/**
 * The `alb` IngressClass and its IngressClassParams (`elbv2.k8s.aws/v1beta1`): every Ingress of the class gets the
 * spec's scheme and the platform's TLS policy, whatever its annotations say (parameters win over annotations).
 * kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/ingress_class/
 */
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import type { KubeObject } from "../types.js";
import { ALB_SSL_POLICY } from "./load-balancer-controller.js";

/** Name of the IngressClass and of its parameters. */
export const ALB_INGRESS_CLASS = "alb";

/** IngressClassParams and IngressClass. */
export function albIngressClass(model: PlatformModel): KubeObject[] {
  return [
    {
      apiVersion: "elbv2.k8s.aws/v1beta1",
      kind: "IngressClassParams",
      metadata: { name: ALB_INGRESS_CLASS, labels: baseLabels("ingress") },
      spec: {
        scheme: model.networking.ingressScheme,
        ipAddressType: "ipv4",
        sslPolicy: ALB_SSL_POLICY,
        loadBalancerAttributes: [
          // Reject requests with malformed headers instead of passing them to pods (request smuggling).
          { key: "routing.http.drop_invalid_header_fields.enabled", value: "true" },
        ],
        tags: Object.entries(model.aws.tags).map(([key, value]) => ({ key, value })),
      },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: { name: ALB_INGRESS_CLASS, labels: baseLabels("ingress") },
      spec: {
        controller: "ingress.k8s.aws/alb",
        parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: ALB_INGRESS_CLASS },
      },
    },
  ];
}
