/**
 * AWS Load Balancer Controller (the seed's "ALB Ingress Controller", renamed at v2.0): Ingress -> ALB, Service of
 * type LoadBalancer -> NLB. kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/
 *
 * - Credentials: EKS Pod Identity. The AWS stack associates its IAM role with the service account
 *   `kube-system/aws-load-balancer-controller`; the chart creates that service account without annotations.
 * - VPC: not known at synthesis. The controller can read it from the instance metadata service, but from a pod that
 *   works only with an IMDSv2 hop limit of 2, which would also hand every pod the node role's credentials. Instead it
 *   looks the VPC up by its `Name` tag (`vpcTags` -> `--aws-vpc-tags`; only the `Name` key is honoured,
 *   aws-load-balancer-controller#4633), which the AWS stack sets to `vpcName(model)`.
 * - Webhook TLS from cert-manager (`enableCertManager`): the chart's own generated CA would change on every render
 *   and keep the Application OutOfSync.
 * - Targets are pod IPs (`defaultTargetType: ip`): traffic goes straight to pods, which the team network policies
 *   admit from the VPC CIDR for pods labelled as ALB targets.
 */
import { CHARTS } from "../../catalog/index.js";
import { type PlatformModel, vpcName } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";

/** The controller's service account: the AWS stack's Pod Identity association names it. */
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = {
  namespace: PLATFORM_NAMESPACES.kubeSystem,
  name: "aws-load-balancer-controller",
} as const;

/** TLS policy of every HTTPS listener: TLS 1.3 and 1.2 only (docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html). */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The controller's Application; none when `networking.ingress` is none. */
export function loadBalancerControllerChart(model: PlatformModel): ChartAppSpec | undefined {
  if (model.networking.ingress !== "aws-load-balancer-controller") return undefined;
  return {
    name: "aws-load-balancer-controller",
    chart: CHARTS["aws-load-balancer-controller"],
    namespace: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT.namespace,
    // The chart ships the IngressClassParams and TargetGroupBinding CRDs.
    ownsCrds: true,
    values: {
      clusterName: model.cluster.name,
      region: model.aws.region,
      vpcTags: { Name: vpcName(model) },
      serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT.name },
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      enableCertManager: true,
      defaultTargetType: "ip",
      defaultSSLPolicy: ALB_SSL_POLICY,
      // The `alb` IngressClass and its parameters are rendered by the ingress component (class.ts), typed.
      createIngressClassResource: false,
      ingressClassParams: { create: false },
      defaultTags: { ...model.aws.tags },
      ...controlPlacement(model),
    },
  };
}
