/**
 * The `nvidia.com/v1` ClusterPolicy the GPU Operator chart renders from its values (template
 * `deployments/gpu-operator/templates/clusterpolicy.yaml`), for the fields the platform sets. The chart creates it,
 * not the platform: this exists so tests can validate the values against the ClusterPolicy CRD.
 */
import type { KubeObject } from "../types.js";
import type { GpuOperatorValues } from "./gpu-operator-values.js";

/** The ClusterPolicy implied by `values` (cluster-scoped; the chart names it `cluster-policy`). */
export function clusterPolicyFromValues(values: GpuOperatorValues): KubeObject {
  return {
    apiVersion: "nvidia.com/v1",
    kind: "ClusterPolicy",
    metadata: { name: "cluster-policy" },
    spec: {
      operator: { defaultRuntime: values.operator.defaultRuntime },
      daemonsets: {
        priorityClassName: values.daemonsets.priorityClassName,
        tolerations: values.daemonsets.tolerations.map((t) => ({ ...t })),
      },
      driver: { enabled: values.driver.enabled },
      toolkit: { enabled: values.toolkit.enabled },
      devicePlugin: {
        enabled: values.devicePlugin.enabled,
        config: { name: values.devicePlugin.config.name, default: values.devicePlugin.config.default },
      },
      gfd: { enabled: values.gfd.enabled },
      migManager: {
        enabled: values.migManager.enabled,
        config: { name: values.migManager.config.name, default: values.migManager.config.default },
        env: values.migManager.env.map((e) => ({ ...e })),
      },
      mig: { strategy: values.mig.strategy },
      dcgm: { enabled: values.dcgm.enabled },
      dcgmExporter: {
        enabled: values.dcgmExporter.enabled,
        serviceMonitor: { enabled: values.dcgmExporter.serviceMonitor.enabled },
      },
      nodeStatusExporter: { enabled: values.nodeStatusExporter.enabled },
    },
  };
}
