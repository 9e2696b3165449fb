/**
 * The `scheduling` component (`spec.scheduling.gpuPackingProfile: true`): a second kube-scheduler running the
 * `gpu-packing` profile beside the default scheduler. GPU workloads opt in with `schedulerName: gpu-packing`; every
 * other pod keeps the default scheduler. Objects follow the upstream guide "Configure Multiple Schedulers"
 * (https://kubernetes.io/docs/tasks/extend-kubernetes/configure-multiple-schedulers/): a ConfigMap with the
 * configuration, a ServiceAccount bound to `system:kube-scheduler` and `system:volume-scheduler`, the
 * authentication-reader RoleBinding, a Role for its own leader-election lease, and the Deployment.
 */

import { KUBE_SCHEDULER_IMAGES } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { controlPlacement } from "../base-placement.js";
import { configText } from "../gpu-sharing/config-text.js";
import { restrictedContainerSecurityContext } from "../security-context.js";
import type { ComponentManifests, KubeObject } from "../types.js";
import { schedulerConfiguration } from "./profile.js";

export * from "./profile.js";
export * from "./summary.js";

/** Component (folder) name: `dist/<name>/k8s/scheduling/`. */
export const SCHEDULING_COMPONENT = "scheduling";

/** Namespace of the secondary scheduler: beside the default one, whose RBAC roles it reuses. */
const NAMESPACE = "kube-system";
/** Name of every object of the scheduler (and of its leader-election lease). */
const NAME = "gpu-packing-scheduler";
const CONFIG_DIR = "/etc/kubernetes/gpu-packing-scheduler";

/** Looks up the pinned kube-scheduler image for the cluster's minor version; throws listing the known ones. */
export function kubeSchedulerImage(kubernetesVersion: string): string {
  const image = KUBE_SCHEDULER_IMAGES[kubernetesVersion];
  if (image === undefined)
    throw new Error(
      `no kube-scheduler image pinned for Kubernetes ${kubernetesVersion}; known: ${Object.keys(KUBE_SCHEDULER_IMAGES).join(", ")} (src/catalog/versions.ts)`,
    );
  return image;
}

/** The scheduling manifests, or undefined when the spec does not enable the GPU packing profile. */
export function renderScheduling(model: PlatformModel): ComponentManifests | undefined {
  if (!model.scheduling.gpuPackingProfile) return undefined;
  const labels = { ...baseLabels(SCHEDULING_COMPONENT), "app.kubernetes.io/name": NAME };
  const meta = (name: string, namespaced = true) => ({
    name,
    ...(namespaced ? { namespace: NAMESPACE } : {}),
    labels,
  });
  const subject = [{ kind: "ServiceAccount", name: NAME, namespace: NAMESPACE }];
  const config = configText(schedulerConfiguration(model, NAMESPACE, NAME));
  const rbac: KubeObject[] = [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(NAME) },
    ...["system:kube-scheduler", "system:volume-scheduler"].map(
      (role): KubeObject => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: meta(`${NAME}:${role.slice("system:".length)}`, false),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
        subjects: subject,
      }),
    ),
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(`${NAME}:extension-apiserver-authentication-reader`),
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: "extension-apiserver-authentication-reader",
      },
      subjects: subject,
    },
    // system:kube-scheduler may only update the lease named kube-scheduler; this one needs its own.
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(`${NAME}:leader-election`),
      rules: [
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
        {
          apiGroups: ["coordination.k8s.io"],
          resources: ["leases"],
          resourceNames: [NAME],
          verbs: ["get", "update"],
        },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(`${NAME}:leader-election`),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${NAME}:leader-election` },
      subjects: subject,
    },
  ];
  const configMap: KubeObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(`${NAME}-config`),
    data: { "config.yaml": config },
  };
  const placement = controlPlacement(model);
  const selector = { "app.kubernetes.io/name": NAME };
  const deployment: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(NAME),
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...labels, ...selector } },
        spec: {
          serviceAccountName: NAME,
          priorityClassName: "system-cluster-critical",
          nodeSelector: placement.nodeSelector,
          ...(placement.tolerations.length > 0 ? { tolerations: placement.tolerations } : {}),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "kube-scheduler",
              image: kubeSchedulerImage(model.cluster.kubernetesVersion),
              command: ["/usr/local/bin/kube-scheduler", `--config=${CONFIG_DIR}/config.yaml`, "--v=2"],
              ports: [{ name: "https", containerPort: 10259 }],
              livenessProbe: {
                httpGet: { path: "/healthz", port: 10259, scheme: "HTTPS" },
                initialDelaySeconds: 15,
              },
              readinessProbe: { httpGet: { path: "/healthz", port: 10259, scheme: "HTTPS" } },
              resources: {
                requests: { cpu: "100m", memory: "256Mi" },
                limits: { cpu: "1", memory: "256Mi" },
              },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: "config", mountPath: CONFIG_DIR, readOnly: true }],
            },
          ],
          volumes: [{ name: "config", configMap: { name: `${NAME}-config` } }],
        },
      },
    },
  };
  return {
    component: SCHEDULING_COMPONENT,
    files: [
      { name: "config", objects: [configMap] },
      { name: "rbac", objects: rbac },
      { name: "deployment", objects: [deployment] },
    ],
  };
}
