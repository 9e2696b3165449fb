/**
 * Pinned versions: Kubernetes, EKS managed add-ons, the node AMI, and the Helm charts the platform installs.
 * Synthesis never asks AWS or a chart repository for a "latest" version: everything comes from these tables.
 */

/** The EKS managed add-ons the AWS stack installs, each pinned per Kubernetes minor version. */
export const EKS_ADDON_NAMES = [
  "vpc-cni",
  "coredns",
  "kube-proxy",
  "aws-ebs-csi-driver",
  "aws-efs-csi-driver",
  "eks-pod-identity-agent",
] as const;
/** Name of an EKS managed add-on the stack installs. */
export type EksAddonName = (typeof EKS_ADDON_NAMES)[number];

/** What the platform pins for one Kubernetes minor version. */
export interface KubernetesRelease {
  /** Minor version, e.g. `1.33`. */
  readonly version: string;
  /** EKS managed add-on versions for this minor version. */
  readonly addons: Readonly<Record<EksAddonName, string>>;
  /** Cluster Autoscaler image tag: its minor version must match the cluster's. */
  readonly clusterAutoscalerImageTag: string;
}

/**
 * Kubernetes minor versions the platform supports.
 * Sources: add-on versions an EKS 1.33 cluster resolved to (vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver; public
 * deployment record, 2026); eks-pod-identity-agent and aws-efs-csi-driver from public cluster records of 2026.
 * Re-check with `aws eks describe-addon-versions --kubernetes-version 1.33 --addon-name NAME` before an upgrade;
 * `spec.cluster.addonVersions` overrides any of them.
 */
export const KUBERNETES_RELEASES: Readonly<Record<string, KubernetesRelease>> = {
  "1.33": {
    version: "1.33",
    addons: {
      "vpc-cni": "v1.22.4-eksbuild.3",
      coredns: "v1.12.4-eksbuild.38",
      "kube-proxy": "v1.33.10-eksbuild.29",
      "aws-ebs-csi-driver": "v1.66.0-eksbuild.1",
      "aws-efs-csi-driver": "v2.1.15-eksbuild.1",
      "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    },
    clusterAutoscalerImageTag: "v1.33.0",
  },
};

/** The Kubernetes version a platform gets when the spec names none. */
export const DEFAULT_KUBERNETES_VERSION = "1.33";

/**
 * EKS-optimised Amazon Linux 2023 AMI release that Karpenter's EC2NodeClass pins (`alias: al2023@<version>`);
 * on GPU instance types Karpenter picks the NVIDIA variant of that release, which ships the driver and container
 * toolkit. Source: awslabs/amazon-eks-ami releases (v20251110). Managed node groups use the matching AMI type
 * (`AL2023_x86_64_NVIDIA` for GPUs, `AL2023_x86_64_STANDARD` otherwise) and its current release.
 */
export const AL2023_AMI_RELEASE = "v20251110";

/** A Helm chart the platform installs, pinned. */
export interface ChartPin {
  /** Helm repository URL (`https://...`) or OCI registry (`oci://...`, without the chart name). */
  readonly repoURL: string;
  /** Chart name. */
  readonly chart: string;
  /** Chart version, exact. */
  readonly version: string;
  /** Upstream release the chart installs, for SUMMARY.md. */
  readonly appVersion: string;
  /** Where the version was read. */
  readonly source: string;
}

/** Helm charts by platform component name. Each later component adds its row here. */
export const CHARTS = {
  "gpu-operator": {
    repoURL: "https://helm.ngc.nvidia.com/nvidia",
    chart: "gpu-operator",
    version: "v26.7.0",
    appVersion: "v26.7.0",
    source: "NVIDIA/gpu-operator release v26.7.0 (the CRDs in shared/crds/gpu-operator)",
  },
  karpenter: {
    repoURL: "oci://public.ecr.aws/karpenter",
    chart: "karpenter",
    version: "1.14.1",
    appVersion: "1.14.1",
    source: "aws/karpenter-provider-aws release v1.14.1 (the CRDs in shared/crds/karpenter)",
  },
  "cluster-autoscaler": {
    repoURL: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    version: "9.38.0",
    appVersion: "1.31.0",
    source:
      "kubernetes/autoscaler charts/cluster-autoscaler/Chart.yaml; the image tag follows the cluster's minor version",
  },
  "linkerd-crds": {
    repoURL: "https://helm.linkerd.io/edge",
    chart: "linkerd-crds",
    version: "2026.6.3",
    appVersion: "edge-26.6.3",
    source:
      "Linkerd 2.20 (announced 2026-06-23, tag version-2.20 = edge-26.6.3; the CRDs in shared/crds/linkerd); edge charts are versioned YYYY.M.N after the edge release",
  },
  "linkerd2-cni": {
    repoURL: "https://helm.linkerd.io/edge",
    chart: "linkerd2-cni",
    version: "2026.6.3",
    appVersion: "edge-26.6.3",
    source:
      "same edge release as linkerd-crds (helm.linkerd.io/edge index); the CNI plugin lets meshed pods pass PSS restricted",
  },
  "linkerd-control-plane": {
    repoURL: "https://helm.linkerd.io/edge",
    chart: "linkerd-control-plane",
    version: "2026.6.3",
    appVersion: "edge-26.6.3",
    source: "same edge release as linkerd-crds (https://linkerd.io/2026/06/23/announcing-linkerd-2.20/)",
  },
  "cert-manager": {
    repoURL: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.19.4",
    appVersion: "v1.19.4",
    source:
      "cert-manager/cert-manager release v1.19.4 (charts.jetstack.io; jetstack chart versions carry the v prefix)",
  },
  "trust-manager": {
    repoURL: "https://charts.jetstack.io",
    chart: "trust-manager",
    version: "v0.20.1",
    appVersion: "v0.20.1",
    source:
      "cert-manager/trust-manager release v0.20.1 (2025-10; still serves Bundle trust.cert-manager.io/v1alpha1, ClusterBundle is in development)",
  },
  "aws-load-balancer-controller": {
    repoURL: "https://aws.github.io/eks-charts",
    chart: "aws-load-balancer-controller",
    version: "1.14.0",
    appVersion: "v2.14.0",
    source:
      "aws/eks-charts stable/aws-load-balancer-controller 1.14.0 = controller v2.14.0 (kubernetes-sigs/aws-load-balancer-controller helm/; vpcTags value since #3906)",
  },
  "external-secrets": {
    repoURL: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    appVersion: "v2.9.0",
    source:
      "external-secrets/external-secrets release v2.9.0, deploy/charts/external-secrets (the CRDs in shared/crds/external-secrets)",
  },
} as const satisfies Record<string, ChartPin>;

/** Name of a component installed from a pinned Helm chart. */
export type ChartName = keyof typeof CHARTS;

/**
 * kube-scheduler image of the secondary `gpu-packing` scheduler (`spec.scheduling.gpuPackingProfile`), per Kubernetes
 * minor version: a scheduler must not be newer than the API server, so the patch release matches the cluster's minor.
 * Source: registry.k8s.io/kube-scheduler tags; v1.33.10 is the Kubernetes patch release kube-proxy
 * v1.33.10-eksbuild.29 above is built from (kubernetes/kubernetes CHANGELOG/CHANGELOG-1.33.md), read 2026.
 */
export const KUBE_SCHEDULER_IMAGES: Readonly<Record<string, string>> = {
  "1.33": "registry.k8s.io/kube-scheduler:v1.33.10",
};
