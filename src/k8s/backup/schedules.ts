/**
 * Velero `velero.io/v1` Schedules: one catch-all (every namespace's objects, `backup.velero.schedule` and
 * `retention`) and one per class of the RPO table (`spec.backup.rpo`), plus alerts that fire when a schedule's last
 * successful backup is older than its RPO. https://velero.io/docs/v1.18/api-types/schedule/
 */
import { LABELS, type PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { type AlertRule, prometheusRule } from "../observability/rules.js";
import { teamNamespaces } from "../tenancy/namespaces.js";
import { platformNamespaces } from "../tenancy/platform-namespaces.js";
import type { KubeObject } from "../types.js";
import { type BackupClass, backupClasses, durationMinutes, scheduleForRpo } from "./rpo.js";
import { VELERO_LOCATION, VELERO_SERVICE_ACCOUNT } from "./velero.js";

/** Label every backup carries with the class it belongs to. */
export const BACKUP_CLASS_LABEL = "eks-ai-platform/backup-class";

/** Name of the catch-all schedule. */
export const CLUSTER_SCHEDULE = "cluster-objects";

function schedule(name: string, cron: string, template: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    metadata: { name, namespace: VELERO_SERVICE_ACCOUNT.namespace, labels: baseLabels("backup") },
    spec: {
      schedule: cron,
      // Backups must outlive the Schedule object (deleting a schedule must not delete its backups).
      useOwnerReferencesInBackup: false,
      template: {
        storageLocation: VELERO_LOCATION,
        metadata: { labels: { [BACKUP_CLASS_LABEL]: name } },
        ...template,
      },
    },
  };
}

/** The namespaces a class covers. */
export function classNamespaces(model: PlatformModel, c: BackupClass): string[] {
  return c.scope === "platform-namespaces"
    ? platformNamespaces(model).map((n) => n.name)
    : [...new Set(teamNamespaces(model))];
}

/** The Schedule of one class. */
export function classSchedule(model: PlatformModel, c: BackupClass): KubeObject {
  return schedule(c.name, scheduleForRpo(c.rpo), {
    includedNamespaces: classNamespaces(model, c),
    ...(c.workloadTypes === undefined
      ? {}
      : {
          labelSelector: {
            matchExpressions: [{ key: LABELS.podWorkloadType, operator: "In", values: [...c.workloadTypes] }],
          },
        }),
    // Cluster-scoped objects (CRDs, PriorityClasses...) ride with the platform class; GitOps recreates them anyway.
    includeClusterResources: c.scope === "platform-namespaces",
    snapshotVolumes: c.snapshotVolumes,
    ...(c.snapshotVolumes ? { volumeSnapshotLocations: [VELERO_LOCATION] } : {}),
    ttl: c.retention,
  });
}

/** Every Schedule: the catch-all first, then one per class. Empty when Velero is disabled. */
export function veleroSchedules(model: PlatformModel): KubeObject[] {
  if (!model.backup.velero.enabled) return [];
  const catchAll = schedule(CLUSTER_SCHEDULE, model.backup.velero.schedule, {
    includedNamespaces: ["*"],
    includeClusterResources: true,
    snapshotVolumes: false,
    ttl: model.backup.velero.retention,
  });
  return [catchAll, ...backupClasses(model).map((c) => classSchedule(model, c))];
}

/** Alerts: a class's last successful backup older than its RPO (plus a half-hour margin for the backup to run). */
export function backupRules(model: PlatformModel): AlertRule[] {
  return backupClasses(model).map((c) => ({
    alert: "BackupOlderThanRpo",
    expr: `(time() - max by (schedule) (velero_backup_last_successful_timestamp{schedule="${c.name}"})) > ${(durationMinutes(c.rpo) + 30) * 60}`,
    for: "10m",
    labels: { severity: "critical", backup_class: c.name },
    annotations: {
      summary: `No successful ${c.name} backup within its RPO of ${c.rpo}`,
      description: `Check \`velero backup get -l ${BACKUP_CLASS_LABEL}=${c.name}\` and the Velero logs; the RTO target is ${c.rto}.`,
    },
  }));
}

/** The backup alerts as a PrometheusRule (Prometheus on, Velero on), and the PodMonitor that scrapes Velero. */
export function backupMonitoring(model: PlatformModel): KubeObject[] {
  if (!model.backup.velero.enabled || model.observability.metrics !== "prometheus") return [];
  return [
    prometheusRule("backup", "backup", [{ name: "backup-rpo", rules: backupRules(model) }]),
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "velero", namespace: VELERO_SERVICE_ACCOUNT.namespace, labels: baseLabels("backup") },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "velero" } },
        podMetricsEndpoints: [{ port: "http-monitoring", path: "/metrics" }],
      },
    },
  ];
}
