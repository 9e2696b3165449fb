/**
 * Markdown sections of SUMMARY.md for the in-cluster services (pure functions returning lines; `src/emit/summary.ts`
 * places them): components with version, namespace, pool and sync wave; RPO/RTO per backup class; cost strategies
 * with each pool's hourly price; Katib's planned deprecation.
 */
import type { PlatformModel } from "../model/index.js";
import { backupClasses, CLUSTER_SCHEDULE, classNamespaces, scheduleForRpo, veleroBucket } from "./backup/index.js";
import { controlPool } from "./base-placement.js";
import { syncWave } from "./gitops/sync-waves.js";
import { servicesComponents } from "./services.js";

/** Components that are node agents (DaemonSets on every node) rather than services on the CPU pool. */
const NODE_AGENTS: ReadonlySet<string> = new Set(["aws-for-fluent-bit"]);

/** Where a component's pods run: the CPU pool that admits `control`, or every node for node agents. */
export function componentPool(model: PlatformModel, component: string): string {
  return NODE_AGENTS.has(component) ? "every node (DaemonSet)" : controlPool(model).name;
}

/** `## In-cluster services`: one row per component of `model.components` plus the services, with pool and wave. */
export function servicesComponentLines(model: PlatformModel): string[] {
  const known = new Set(model.components.map((c) => c.name));
  const rows = [...model.components, ...servicesComponents(model).filter((c) => !known.has(c.name))];
  return [
    "## In-cluster services",
    "",
    "| component | version | namespace | pool | sync wave | why |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (c) =>
        `| ${c.name} | ${c.version} | ${c.namespace} | ${componentPool(model, c.name)} | ${syncWave(c.name)} | ${c.reason} |`,
    ),
    "",
    "GPU Operator operands, the DCGM exporter, node exporter and Fluent Bit are DaemonSets on the nodes they serve; every other service runs on the CPU pool (node selector on the pool label, the pool's tolerations only).",
  ];
}

/** `## Disaster recovery`: RPO/RTO per class, what each backup covers, and what EKS manages. */
export function backupSummaryLines(model: PlatformModel): string[] {
  const lines = ["## Disaster recovery", ""];
  lines.push(
    "EKS runs and backs up etcd itself and gives no access to it: the cluster is restored from the GitOps repository (desired state) and Velero backups (objects to S3, EBS volumes as snapshots).",
    "",
  );
  if (!model.backup.velero.enabled) return [...lines, "Velero is disabled (`spec.backup.velero.enabled: false`)."];
  lines.push(
    `Backups go to s3://${veleroBucket(model)} (EBS snapshots in ${model.aws.region}).`,
    "",
    "| class | RPO | RTO | schedule (UTC) | kept | covers | volumes |",
    "|---|---|---|---|---|---|---|",
  );
  for (const c of backupClasses(model)) {
    const what =
      c.workloadTypes === undefined
        ? `every object in ${classNamespaces(model, c).join(", ")}`
        : `objects labelled workload-type ${c.workloadTypes.join("/")} in ${c.scope === "team-namespaces" ? "team namespaces" : "platform namespaces"}`;
    lines.push(
      `| ${c.name} | ${c.rpo} | ${c.rto} | \`${scheduleForRpo(c.rpo)}\` | ${c.retention} | ${what} | ${c.snapshotVolumes ? "EBS snapshots" : "objects only"} |`,
    );
  }
  lines.push(
    `| ${CLUSTER_SCHEDULE} | 24h | - | \`${model.backup.velero.schedule}\` | ${model.backup.velero.retention} | every namespace, cluster-scoped objects | objects only |`,
  );
  if (model.backup.awsBackup.enabled) {
    lines.push(
      "",
      `EFS (datasets, models, checkpoints) and tagged EBS volumes: AWS Backup, \`${model.backup.awsBackup.schedule}\`, kept ${model.backup.awsBackup.retentionDays} days.`,
    );
  }
  lines.push("", "An alert (BackupOlderThanRpo) fires when a class's last successful backup is older than its RPO.");
  return lines;
}

/** `## Cost strategies`: each pool's price, capacity types, scaling and consolidation, and the team quotas. */
export function costSummaryLines(model: PlatformModel): string[] {
  const lines = [
    "## Cost strategies",
    "",
    "| pool | instance | full node $/hour (on-demand) | capacity | provisioner | nodes | consolidation |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const p of model.pools) {
    const consolidation =
      p.provisioner === "karpenter"
        ? `${p.disruption.consolidationPolicy} after ${p.disruption.consolidateAfter}, at most ${p.disruption.budgetNodes} at once`
        : "Cluster Autoscaler: least-waste, scale down after 10m unneeded";
    lines.push(
      `| ${p.name} | ${p.instanceTypes.join(", ")} | ${p.pricePerHourUSD.toFixed(3)} | ${p.capacityTypes.join(" then ")} | ${p.provisioner} | ${p.minNodes}-${p.maxNodes} | ${consolidation} |`,
    );
  }
  lines.push(
    "",
    "- Spot first where the pool allows it (training and research checkpoint; Karpenter reads spot interruptions from its queue).",
    "- GPU sharing: time-slicing and MIG serve several workloads per GPU (see the capacity table).",
    "- Idle GPU pools alert after 2 hours (GpuPoolIdle, with the pool's hourly price); empty job nodes are removed, busy ones never consolidated.",
    "- Team quotas cap requests per namespace:",
    ...model.teams.map(
      (t) =>
        `  - ${t.name}: ${Object.entries(t.quota)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}`,
    ),
  );
  return lines;
}

/** A note on Katib's planned deprecation, when Katib is installed. */
export function katibNoteLines(model: PlatformModel): string[] {
  if (!model.training.katib) return [];
  return [
    "> Katib (hyperparameter tuning) is slated for deprecation upstream in favour of a Kubeflow Trainer optimisation API that is still in development; it is installed at v0.19.0 and new tuning work should expect to move.",
  ];
}
