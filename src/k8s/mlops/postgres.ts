/**
 * MLflow's backend store: a single-replica PostgreSQL StatefulSet on a gp3 volume in the mlops namespace, its
 * credentials from the `mlflow-db` Secret the secrets component syncs from Secrets Manager (External Secrets).
 * The volume is snapshotted by the `platform` backup class (crash-consistent EBS snapshots; PostgreSQL recovers from
 * its WAL on start). https://hub.docker.com/_/postgres (PGDATA in a subdirectory: the volume root holds lost+found).
 */
import { IMAGES } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { controlPlacement } from "../base-placement.js";
import { gp3Claim } from "../observability/placement.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import { PRIORITY_CLASS_BY_WORKLOAD_TYPE } from "../tenancy/priority-classes.js";
import type { KubeObject } from "../types.js";

/** The database MLflow uses, its Service and credentials. */
export const MLFLOW_DB = {
  name: "mlflow-postgresql",
  database: "mlflow",
  port: 5432,
  /** The Secret (keys `username`, `password`) the secrets component renders as an ExternalSecret. */
  secret: "mlflow-db",
  volume: "50Gi",
  /** The postgres image's `postgres` user. */
  uid: 999,
} as const;

/** `<service>.<namespace>.svc.cluster.local`. */
export function mlflowDbHost(): string {
  return `${MLFLOW_DB.name}.${PLATFORM_NAMESPACES.mlops}.svc.cluster.local`;
}

const LABELS = { "app.kubernetes.io/name": MLFLOW_DB.name } as const;

/** The StatefulSet and its Service. */
export function mlflowPostgres(model: PlatformModel): KubeObject[] {
  const namespace = PLATFORM_NAMESPACES.mlops;
  const secretEnv = (name: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: MLFLOW_DB.secret, key } },
  });
  const statefulSet: KubeObject = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: MLFLOW_DB.name, namespace, labels: { ...baseLabels("mlops"), ...LABELS } },
    spec: {
      serviceName: MLFLOW_DB.name,
      replicas: 1,
      selector: { matchLabels: { ...LABELS } },
      template: {
        metadata: { labels: { ...baseLabels("mlops"), ...LABELS } },
        spec: {
          ...controlPlacement(model),
          priorityClassName: PRIORITY_CLASS_BY_WORKLOAD_TYPE.mlops,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: MLFLOW_DB.uid,
            runAsGroup: MLFLOW_DB.uid,
            fsGroup: MLFLOW_DB.uid,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "postgres",
              image: IMAGES.postgres,
              ports: [{ name: "postgres", containerPort: MLFLOW_DB.port }],
              env: [
                secretEnv("POSTGRES_USER", "username"),
                secretEnv("POSTGRES_PASSWORD", "password"),
                { name: "POSTGRES_DB", value: MLFLOW_DB.database },
                { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
              ],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              readinessProbe: {
                exec: { command: ["sh", "-c", 'pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB"'] },
                periodSeconds: 10,
              },
              resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "2Gi" } },
              volumeMounts: [
                { name: "data", mountPath: "/var/lib/postgresql/data" },
                { name: "run", mountPath: "/var/run/postgresql" },
              ],
            },
          ],
          volumes: [{ name: "run", emptyDir: {} }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: gp3Claim(model, MLFLOW_DB.volume) }],
    },
  };
  const service: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: MLFLOW_DB.name, namespace, labels: { ...baseLabels("mlops"), ...LABELS } },
    spec: {
      selector: { ...LABELS },
      ports: [{ name: "postgres", port: MLFLOW_DB.port, targetPort: "postgres" }],
    },
  };
  return [statefulSet, service];
}
