/**
 * Velero: backs up Kubernetes objects to S3 and EBS volumes as snapshots, with Pod Identity credentials
 * (`velero/velero`, from the AWS stack). EKS runs etcd and gives no access to it: Velero (objects) and the GitOps
 * repository (desired state) are how the cluster is restored. Chart values:
 * https://github.com/vmware-tanzu/helm-charts/blob/main/charts/velero/values.yaml
 * AWS plugin: https://github.com/vmware-tanzu/velero-plugin-for-aws
 */
import { CHARTS, IMAGES } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { controlPlacement } from "../base-placement.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";

/** Velero's service account: the AWS stack's Pod Identity association names it. */
export const VELERO_SERVICE_ACCOUNT = { namespace: PLATFORM_NAMESPACES.velero, name: "velero" } as const;

/** Name of the backup storage location and of the volume snapshot location. */
export const VELERO_LOCATION = "default";

/** The S3 bucket of the backups: the spec's, else the name the AWS stack is expected to give it. */
export function veleroBucket(model: PlatformModel): string {
  return model.backup.velero.bucket ?? `${model.name}-velero-backups`;
}

/** Restricted Pod Security context for Velero's containers (a fresh object per use: no YAML anchors). */
function restrictedContainer(): Record<string, unknown> {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
}

/** The Velero chart, or undefined when Velero is disabled. */
export function veleroChart(model: PlatformModel): ChartAppSpec | undefined {
  if (!model.backup.velero.enabled) return undefined;
  const placement = controlPlacement(model);
  return {
    name: "velero",
    chart: CHARTS.velero,
    namespace: VELERO_SERVICE_ACCOUNT.namespace,
    // Backup, Restore, Schedule... CRDs: pruning them would delete every backup record.
    ownsCrds: true,
    values: {
      // Argo CD applies the chart's CRDs itself; the upgrade hook Job would need kubectl and a laxer Pod Security.
      upgradeCRDs: false,
      serviceAccount: { server: { create: true, name: VELERO_SERVICE_ACCOUNT.name } },
      credentials: { useSecret: false },
      // EBS snapshots through the AWS plugin: no file-system backup, so no privileged node agent.
      deployNodeAgent: false,
      snapshotsEnabled: true,
      initContainers: [
        {
          name: "velero-plugin-for-aws",
          image: IMAGES.veleroPluginForAws,
          imagePullPolicy: "IfNotPresent",
          volumeMounts: [{ mountPath: "/target", name: "plugins" }],
          securityContext: restrictedContainer(),
        },
      ],
      configuration: {
        backupStorageLocation: [
          {
            name: VELERO_LOCATION,
            provider: "aws",
            bucket: veleroBucket(model),
            default: true,
            config: { region: model.aws.region },
          },
        ],
        volumeSnapshotLocation: [{ name: VELERO_LOCATION, provider: "aws", config: { region: model.aws.region } }],
        defaultBackupTTL: model.backup.velero.retention,
      },
      metrics: { enabled: true, serviceMonitor: { enabled: false } },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
      containerSecurityContext: restrictedContainer(),
      priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.control,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
    },
  };
}
