/**
 * The platform's in-cluster services (issue 5): observability, autoscaling, training, MLOps and backup, each in its
 * own folder, gathered here for `renderKubernetes` and for the model's component list.
 */
import { CHARTS, KUSTOMIZE_SOURCES } from "../catalog/index.js";
import type { ComponentModel, PlatformModel } from "../model/index.js";
import { autoscalingCharts } from "./autoscaling/index.js";
import { renderBackup } from "./backup/index.js";
import { type ChartAppSpec, chartApp } from "./gitops/platform-application.js";
import { renderMlops } from "./mlops/index.js";
import { renderObservability } from "./observability/index.js";
import { renderTraining } from "./training/index.js";
import type { ComponentManifests, GitopsApplication } from "./types.js";

/** Why each service is installed, by Application name. */
const REASONS: Readonly<Record<string, string>> = {
  keda: "event-driven pod autoscaling (inference queue depth through Prometheus)",
  "kube-prometheus-stack": "metrics, alerts (GPU, platform, inference) and Grafana dashboards",
  "aws-for-fluent-bit": "container and node logs shipping",
  "opentelemetry-collector": "OTLP gateway for application and Linkerd traces",
  velero: "cluster backups (objects to S3, EBS snapshots) on the RPO table's schedules",
  mlflow: "experiment tracking and model registry",
  "feast-feature-server": "feature store (registry on S3, online store in DynamoDB)",
  trainer: "Kubeflow Trainer v2: TrainJob with the torch-distributed runtime",
  "training-operator": "Training Operator v1: TFJob (Trainer v2 has no TensorFlow runtime) and PyTorchJob",
  katib: "hyperparameter tuning (slated for deprecation upstream)",
};

interface ServiceParts {
  readonly manifests: ComponentManifests[];
  readonly charts: ChartAppSpec[];
  readonly applications: GitopsApplication[];
}

function parts(model: PlatformModel): ServiceParts {
  const observability = renderObservability(model);
  const training = renderTraining(model);
  const mlops = renderMlops(model);
  const backup = renderBackup(model);
  const manifests = [observability.manifests, training.manifests, mlops.manifests, backup.manifests]
    .map((c) => ({ component: c.component, files: c.files.filter((f) => f.objects.length > 0) }))
    .filter((c) => c.files.length > 0);
  return {
    manifests,
    charts: [...autoscalingCharts(model), ...observability.charts, ...mlops.charts, ...backup.charts],
    applications: training.applications,
  };
}

/**
 * The services' manifests by component and their Applications (one per chart, one per upstream kustomize tree), for
 * `gitopsRoot` to order with the rest.
 */
export function renderServices(model: PlatformModel): { manifests: ComponentManifests[]; charts: GitopsApplication[] } {
  const p = parts(model);
  return { manifests: p.manifests, charts: [...p.charts.map(chartApp), ...p.applications] };
}

/** The services as component rows (name, namespace, pinned version, why), Karpenter and Cluster Autoscaler aside. */
export function servicesComponents(model: PlatformModel): ComponentModel[] {
  const p = parts(model);
  const charts = p.charts
    .filter((c) => c.name !== "karpenter" && c.name !== "cluster-autoscaler")
    .map((c) => ({
      name: c.name,
      namespace: c.namespace,
      version: CHARTS[c.name as keyof typeof CHARTS]?.version ?? c.chart.version,
      reason: REASONS[c.name] ?? c.name,
    }));
  const kustomize = p.applications.map((a) => {
    const pin = KUSTOMIZE_SOURCES[a.name as keyof typeof KUSTOMIZE_SOURCES];
    return { name: a.name, namespace: pin.namespace, version: pin.tag, reason: REASONS[a.name] ?? a.name };
  });
  return [...charts, ...kustomize];
}
