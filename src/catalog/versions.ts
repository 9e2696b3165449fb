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
  // In-cluster services (issue 5): versions consistent with the CRD tags in shared/crds/README.md.
  keda: {
    repoURL: "https://kedacore.github.io/charts",
    chart: "keda",
    version: "2.20.2",
    appVersion: "2.20.2",
    source: "kedacore/charts keda/Chart.yaml (chart version = KEDA release; the CRDs in shared/crds/keda are v2.20.2)",
  },
  "kube-prometheus-stack": {
    repoURL: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "88.2.0",
    appVersion: "v0.93.0",
    source:
      "prometheus-community/helm-charts charts/kube-prometheus-stack: 88.x ships prometheus-operator v0.93.0 (PR #7152; the CRDs in shared/crds/prometheus-operator)",
  },
  "aws-for-fluent-bit": {
    repoURL: "https://aws.github.io/eks-charts",
    chart: "aws-for-fluent-bit",
    version: "0.2.1",
    appVersion: "3.4.16",
    source:
      "aws/eks-charts stable/aws-for-fluent-bit/Chart.yaml (commit 0558563: chart 0.2.1, values.yaml image tag 3.4.16)",
  },
  "opentelemetry-collector": {
    repoURL: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    chart: "opentelemetry-collector",
    version: "0.158.3",
    appVersion: "0.153.0",
    source: "open-telemetry/opentelemetry-helm-charts charts/opentelemetry-collector/Chart.yaml",
  },
  velero: {
    repoURL: "https://vmware-tanzu.github.io/helm-charts",
    chart: "velero",
    version: "12.1.0",
    appVersion: "1.18.1",
    source: "vmware-tanzu/helm-charts charts/velero 12.1.0 = Velero 1.18.1 (the CRDs in shared/crds/velero)",
  },
  mlflow: {
    repoURL: "https://community-charts.github.io/helm-charts",
    chart: "mlflow",
    version: "1.12.0",
    appVersion: "3.14.0",
    source:
      "community-charts/helm-charts charts/mlflow/Chart.yaml 1.12.0 (commit 06de449; image burakince/mlflow, which bundles psycopg2 and boto3; the official image has neither)",
  },
  "feast-feature-server": {
    repoURL: "https://feast-helm-charts.storage.googleapis.com",
    chart: "feast-feature-server",
    version: "0.47.0",
    appVersion: "0.47.0",
    source:
      "feast-dev/feast infra/charts/feast-feature-server/Chart.yaml 0.47.0 (commit d5c5083); values.yaml there sets image quay.io/feastdev/feature-server:0.47.0 and has serviceAccount.name, which 0.40.1 lacked (its pods ran as the namespace's default service account)",
  },
} as const satisfies Record<string, ChartPin>;

/** Name of a component installed from a pinned Helm chart. */
export type ChartName = keyof typeof CHARTS;

/** An upstream kustomize tree the platform installs with an Argo CD Application (Kubeflow ships no Helm chart for some). */
export interface KustomizePin {
  /** Git repository. */
  readonly repoURL: string;
  /** Release tag, exact. */
  readonly tag: string;
  /** Folder of the kustomization at that tag. */
  readonly path: string;
  /** Namespace the upstream manifests install into. */
  readonly namespace: string;
  /** Where the version was read. */
  readonly source: string;
}

/** Kubeflow components installed from their upstream kustomize manifests at a pinned tag (the CRD tags of shared/crds). */
export const KUSTOMIZE_SOURCES = {
  trainer: {
    repoURL: "https://github.com/kubeflow/trainer.git",
    tag: "v2.3.0",
    path: "manifests/overlays/manager",
    namespace: "kubeflow-system",
    source:
      "kubeflow/trainer v2.3.0 manifests/overlays/manager (controller, CRDs, webhook and JobSet; shared/crds/trainer)",
  },
  "training-operator": {
    repoURL: "https://github.com/kubeflow/trainer.git",
    tag: "v1.9.4",
    path: "manifests/overlays/standalone",
    namespace: "kubeflow",
    source:
      "kubeflow/trainer (formerly training-operator) v1.9.4 manifests/overlays/standalone (shared/crds/training-operator)",
  },
  katib: {
    repoURL: "https://github.com/kubeflow/katib.git",
    tag: "v0.19.0",
    path: "manifests/v1beta1/installs/katib-standalone",
    namespace: "kubeflow",
    source:
      "kubeflow/katib v0.19.0 manifests/v1beta1/installs/katib-standalone (images pinned to v0.19.0; shared/crds/katib)",
  },
  "snapshot-crds": {
    repoURL: "https://github.com/kubernetes-csi/external-snapshotter.git",
    tag: "v8.2.1",
    path: "client/config/crd",
    namespace: "kube-system",
    source:
      "kubernetes-csi/external-snapshotter v8.2.1 client/config/crd: VolumeSnapshot, VolumeSnapshotClass, VolumeSnapshotContent CRDs (EKS does not install them)",
  },
  "snapshot-controller": {
    repoURL: "https://github.com/kubernetes-csi/external-snapshotter.git",
    tag: "v8.2.1",
    path: "deploy/kubernetes/snapshot-controller",
    namespace: "kube-system",
    source: "kubernetes-csi/external-snapshotter v8.2.1 deploy/kubernetes/snapshot-controller (controller and RBAC)",
  },
} as const satisfies Record<string, KustomizePin>;

/** Name of a component installed from upstream kustomize manifests. */
export type KustomizeName = keyof typeof KUSTOMIZE_SOURCES;

/** Container images the platform's own manifests run (charts pin theirs). */
export const IMAGES = {
  /** MLflow's backend store. Source: Docker Official Images `postgres` (PostgreSQL 17.6, 2025-08). */
  postgres: "docker.io/library/postgres:17.6",
  /** Velero's object store and EBS snapshot plugin: v1.14.x pairs with Velero 1.18.x (plugin README). */
  veleroPluginForAws: "velero/velero-plugin-for-aws:v1.14.2",
  /** The PyTorch image of the torch-distributed ClusterTrainingRuntime (kubeflow/trainer v2 runtimes' image). */
  pytorch: "pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime",
  /**
   * The LLM gateway when `spec.gateway.image` is unset: what `docker build -f Dockerfile.gateway -t aiplat-gateway:<v>`
   * builds from this repository, tagged with the package version (a test keeps the two equal). No public registry
   * hosts it: build it and push it where the nodes pull from, then set `spec.gateway.image`.
   */
  gateway: "aiplat-gateway:0.1.0",
} as const;

/**
 * kube-scheduler image of the secondary `gpu-packing` scheduler (`spec.scheduling.gpuPackingProfile`), per Kubernetes
 * minor version: a scheduler must not be newer than the API server, so the patch release matches the cluster's minor.
 * Source: registry.k8s.io/kube-scheduler tags; v1.33.10 is the Kubernetes patch release kube-proxy
 * v1.33.10-eksbuild.29 above is built from (kubernetes/kubernetes CHANGELOG/CHANGELOG-1.33.md), read 2026.
 */
export const KUBE_SCHEDULER_IMAGES: Readonly<Record<string, string>> = {
  "1.33": "registry.k8s.io/kube-scheduler:v1.33.10",
};
