/** Autoscaling: Karpenter with the stack's queue and the NodeOverlay gate only on opt-in; Cluster Autoscaler tuning. */
import { describe, expect, it } from "vitest";
import { autoscalingCharts, clusterAutoscalerChart, karpenterChart } from "../../../src/k8s/autoscaling/index.js";
import { karpenterInterruptionQueueName } from "../../../src/model/index.js";
import { defaultModel, defaultWithProvisioner, modelOf, platformYaml } from "../../support/platforms.js";

const model = defaultModel();

describe("autoscaling", () => {
  it("Karpenter reads the interruption queue the AWS stack names", () => {
    const v = karpenterChart(model)!.values as Record<string, any>;
    expect(v.settings.interruptionQueue).toBe(karpenterInterruptionQueueName(model));
    expect(v.settings.clusterName).toBe(model.cluster.name);
  });

  it("turns NodeOverlay on only when a Karpenter pool opts in", () => {
    expect((karpenterChart(model)!.values as any).settings.featureGates.nodeOverlay).toBe(false);
    const optIn = modelOf(
      platformYaml(
        '    mig:\n      instanceTypes: [p4de.24xlarge]\n      workloadTypes: [production-inference]\n      gpuSharing: { mig: { layout: [3g.40gb, 3g.40gb] } }\n      taints: ["gpu=mig:NoSchedule"]\n      nodeOverlay: true\n',
      ),
    );
    expect((karpenterChart(optIn)!.values as any).settings.featureGates.nodeOverlay).toBe(true);
  });

  it("has no Karpenter when every pool is a managed node group", () => {
    const mng = modelOf(defaultWithProvisioner("managed-node-groups"));
    expect(karpenterChart(mng)).toBeUndefined();
    expect(autoscalingCharts(mng).map((c) => c.name)).toEqual(["keda", "cluster-autoscaler"]);
  });

  it("Cluster Autoscaler: least-waste, GPU scale-down tuning, auto-discovery, the cluster's image tag", () => {
    const v = clusterAutoscalerChart(model)!.values as Record<string, any>;
    expect(v.extraArgs).toMatchObject({
      expander: "least-waste",
      "scale-down-unneeded-time": "10m",
      "scale-down-gpu-utilization-threshold": "0.5",
      "skip-nodes-with-local-storage": false,
      "max-node-provision-time": "20m",
    });
    expect(v.autoDiscovery.tags).toContain(`k8s.io/cluster-autoscaler/${model.cluster.name}`);
    expect(v.image.tag).toBe(model.cluster.clusterAutoscalerImageTag);
  });

  it("runs Karpenter and Cluster Autoscaler together when both kinds of pool exist", () => {
    expect(autoscalingCharts(model).map((c) => c.name)).toEqual(["keda", "karpenter", "cluster-autoscaler"]);
  });
});
