/**
 * kube-prometheus-stack: Prometheus Operator, Prometheus, Alertmanager, node exporter, kube-state-metrics and Grafana,
 * on the CPU pool with gp3 volumes. Values: https://github.com/prometheus-community/helm-charts/blob/main/charts/kube-prometheus-stack/values.yaml
 * - Prometheus selects every ServiceMonitor, PodMonitor and PrometheusRule in the cluster (`*NilUsesHelmValues:
 *   false`): the GPU Operator's DCGM exporter ServiceMonitor and the platform's rules carry no Helm release label.
 * - kube-state-metrics exports the pool node label, so GPU alerts can say which pool (and what it costs) is idle.
 * - Grafana's dashboard sidecar loads every ConfigMap labelled `grafana_dashboard: "1"` in any namespace.
 * - Grafana's admin login comes from the `grafana-admin` Secret the secrets component syncs from Secrets Manager.
 */
import { CHARTS } from "../../catalog/index.js";
import { LABELS, type PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";
import { everyPoolTolerations, gp3Claim, onControlPool } from "./placement.js";

/** Label (and value) that makes Grafana's sidecar load a ConfigMap as a dashboard. */
export const GRAFANA_DASHBOARD_LABEL = { key: "grafana_dashboard", value: "1" } as const;

/** Annotation that puts a sidecar-loaded dashboard in a Grafana folder. */
export const GRAFANA_FOLDER_ANNOTATION = "grafana_folder";

/** Sizes of the monitoring volumes and how long Prometheus keeps samples. */
export const MONITORING_STORAGE = {
  prometheusVolume: "200Gi",
  /** Local retention: long-term history belongs in a remote store, not on one EBS volume. */
  prometheusRetention: "15d",
  /** Below the volume size, so compaction has room and Prometheus drops old blocks before the disk fills. */
  prometheusRetentionSize: "180GB",
  alertmanagerVolume: "10Gi",
  grafanaVolume: "10Gi",
} as const;

/** The kube-prometheus-stack chart, or undefined when `observability.metrics` is `none`. */
export function kubePrometheusStackChart(model: PlatformModel): ChartAppSpec | undefined {
  if (model.observability.metrics !== "prometheus") return undefined;
  const priorityClassName = PRIORITY_CLASS_BY_WORKLOAD_TYPE.control;
  return {
    name: "kube-prometheus-stack",
    chart: CHARTS["kube-prometheus-stack"],
    namespace: PLATFORM_NAMESPACES.monitoring,
    // ServiceMonitor, PodMonitor, PrometheusRule... CRDs: pruning them deletes every monitor and rule.
    ownsCrds: true,
    values: {
      crds: { enabled: true },
      prometheusOperator: {
        ...onControlPool(model),
        priorityClassName,
        admissionWebhooks: { patch: { ...onControlPool(model) } },
      },
      prometheus: {
        prometheusSpec: {
          ...onControlPool(model),
          priorityClassName,
          replicas: 2,
          retention: MONITORING_STORAGE.prometheusRetention,
          retentionSize: MONITORING_STORAGE.prometheusRetentionSize,
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          storageSpec: { volumeClaimTemplate: { spec: gp3Claim(model, MONITORING_STORAGE.prometheusVolume) } },
        },
      },
      alertmanager: {
        alertmanagerSpec: {
          ...onControlPool(model),
          priorityClassName,
          replicas: 2,
          storage: { volumeClaimTemplate: { spec: gp3Claim(model, MONITORING_STORAGE.alertmanagerVolume) } },
        },
      },
      grafana: {
        ...onControlPool(model),
        priorityClassName,
        admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
        persistence: {
          enabled: true,
          type: "pvc",
          storageClassName: gp3Claim(model, MONITORING_STORAGE.grafanaVolume).storageClassName,
          size: MONITORING_STORAGE.grafanaVolume,
        },
        sidecar: {
          dashboards: {
            enabled: true,
            label: GRAFANA_DASHBOARD_LABEL.key,
            labelValue: GRAFANA_DASHBOARD_LABEL.value,
            searchNamespace: "ALL",
            folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
            provider: { foldersFromFilesStructure: true },
          },
        },
      },
      "kube-state-metrics": {
        ...onControlPool(model),
        priorityClassName,
        metricLabelsAllowlist: [`nodes=[${LABELS.pool}]`],
      },
      // A node agent: it must run on every node, GPU nodes included, so it tolerates every pool's taints.
      "prometheus-node-exporter": { tolerations: everyPoolTolerations(model) },
    },
  };
}
