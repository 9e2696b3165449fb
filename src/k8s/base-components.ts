/** The in-cluster base's components as `ComponentModel` rows, for the model's component list and SUMMARY.md. */
import { CHARTS, KUSTOMIZE_SOURCES } from "../catalog/index.js";
import type { ComponentModel, PlatformModel } from "../model/index.js";
import { needsCertManager, PLATFORM_NAMESPACES } from "./tenancy/platform-namespaces.js";

/** Components the base installs from charts, given what the spec enables (name, namespace, pinned version, why). */
export function baseComponents(model: PlatformModel): ComponentModel[] {
  const out: ComponentModel[] = [];
  const row = (name: keyof typeof CHARTS, namespace: string, reason: string) =>
    out.push({ name, namespace, version: CHARTS[name].version, reason });
  if (needsCertManager(model)) {
    row(
      "cert-manager",
      PLATFORM_NAMESPACES.certManager,
      model.networking.mesh === "linkerd"
        ? "issues the mesh trust anchor, identity issuer and webhook certificates, and the load balancer controller's"
        : "issues the load balancer controller's webhook certificate",
    );
  }
  if (model.networking.mesh === "linkerd") {
    row("trust-manager", PLATFORM_NAMESPACES.certManager, "distributes the mesh trust anchor to Linkerd");
    row("linkerd-crds", PLATFORM_NAMESPACES.linkerd, "service mesh CRDs (and Gateway API routes)");
    row(
      "linkerd2-cni",
      PLATFORM_NAMESPACES.linkerdCni,
      "mesh traffic redirection without NET_ADMIN, so meshed pods pass PSS restricted",
    );
    row(
      "linkerd-control-plane",
      PLATFORM_NAMESPACES.linkerd,
      "mTLS between meshed workloads, proxy tracing to OpenTelemetry",
    );
  }
  if (model.networking.ingress === "aws-load-balancer-controller") {
    row(
      "aws-load-balancer-controller",
      PLATFORM_NAMESPACES.kubeSystem,
      `ALB for Ingress (${model.networking.ingressScheme}), NLB for Services`,
    );
  }
  for (const name of ["snapshot-crds", "snapshot-controller"] as const) {
    out.push({
      name,
      namespace: KUSTOMIZE_SOURCES[name].namespace,
      version: KUSTOMIZE_SOURCES[name].tag,
      reason:
        "CSI volume snapshots (the EBS VolumeSnapshotClass, Velero): EKS installs neither the CRDs nor the controller",
    });
  }
  row(
    "external-secrets",
    PLATFORM_NAMESPACES.externalSecrets,
    "AWS Secrets Manager -> Kubernetes Secrets (Pod Identity)",
  );
  return out;
}
