/**
 * The order Argo CD brings the platform up in, as sync waves of the app-of-apps
 * (argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/): the root syncs its child Applications wave by wave,
 * lower first, and starts a wave only when every Application of the previous one is healthy. That is what keeps a
 * custom resource from being applied before its CRD or before the operator whose webhook validates it (the EKS
 * Blueprints failure of a NodePool applied before its CRD).
 *
 * | wave | what | why here |
 * |---|---|---|
 * | -30 | tenancy, snapshot-crds | namespaces with Pod Security labels, quotas and PriorityClasses exist before any pod; the snapshot CRDs before the VolumeSnapshotClass |
 * | -28 | snapshot-controller | reconciles VolumeSnapshots (Velero's EBS snapshots, checkpoints) |
 * | -25 | network-policy, storage-classes | isolation before workloads start; PVCs of operators find a default class |
 * | -20 | linkerd-crds | CRD-only chart |
 * | -15 | cert-manager | its CRDs and webhook: trust-manager, the mesh and the load balancer controller use them |
 * | -10 | trust-manager, external-secrets, linkerd2-cni | need cert-manager; the CNI plugin runs before meshed pods |
 * | 0 | operators: aws-load-balancer-controller, gpu-operator, karpenter, cluster-autoscaler | their CRDs and webhooks |
 * | 5 | mesh | Issuers, Certificates and the trust Bundle (cert-manager and trust-manager CRDs) |
 * | 10 | linkerd-control-plane, secrets, ingress | identity issuer and trust roots from wave 5; ESO and LBC CRDs from -10/0 |
 * | 0 | keda, velero, trainer, training-operator, katib | operators with CRDs and webhooks, no platform secret |
 * | 15 | kube-prometheus-stack, mlops | Grafana's admin Secret (wave 10); MLflow's database before MLflow |
 * | 20 | node-pools, gpu-sharing | NodePools and GPU sharing configs (Karpenter and GPU Operator CRDs) |
 * | 20 | opentelemetry-collector, aws-for-fluent-bit, mlflow, feast-feature-server | ServiceMonitor CRD, DB ready |
 * | 30 | anything else | workloads and platform services (observability rules, training runtimes, backup schedules) |
 */

/** Sync wave of each Application, by name. */
export const SYNC_WAVES: Readonly<Record<string, number>> = {
  tenancy: -30,
  // The VolumeSnapshotClass in storage-classes needs the snapshot CRDs; the controller reconciles snapshots.
  "snapshot-crds": -30,
  "snapshot-controller": -28,
  "network-policy": -25,
  "storage-classes": -25,
  "linkerd-crds": -20,
  "cert-manager": -15,
  "trust-manager": -10,
  "external-secrets": -10,
  "linkerd2-cni": -10,
  "aws-load-balancer-controller": 0,
  "gpu-operator": 0,
  karpenter: 0,
  "cluster-autoscaler": 0,
  mesh: 5,
  "linkerd-control-plane": 10,
  secrets: 10,
  ingress: 10,
  "node-pools": 20,
  "gpu-sharing": 20,
  keda: 0,
  velero: 0,
  trainer: 0,
  "training-operator": 0,
  katib: 0,
  "kube-prometheus-stack": 15,
  mlops: 15,
  "opentelemetry-collector": 20,
  "aws-for-fluent-bit": 20,
  mlflow: 20,
  "feast-feature-server": 20,
  observability: 30,
  training: 30,
  backup: 30,
};

/** Wave of anything not in the table: after the whole base. */
export const DEFAULT_SYNC_WAVE = 30;

/** The sync wave of Application `name`. */
export function syncWave(name: string): number {
  return SYNC_WAVES[name] ?? DEFAULT_SYNC_WAVE;
}

/**
 * Whether Argo CD may prune what was removed from Git, per component of our own manifests, and why not where not.
 * Self-heal is on everywhere: drift from Git is always reverted.
 */
export const COMPONENT_PRUNE: Readonly<Record<string, { readonly prune: boolean; readonly reason: string }>> = {
  tenancy: {
    prune: false,
    reason: "pruning a Namespace deletes every workload and volume claim in it: removing a team is a deliberate act",
  },
  "storage-classes": {
    prune: false,
    reason: "removing the default StorageClass leaves every new PVC Pending; classes are changed, never dropped",
  },
  mesh: {
    prune: false,
    reason: "the trust anchor and issuers are the mesh's identity: losing them breaks mTLS for every meshed pod",
  },
};
