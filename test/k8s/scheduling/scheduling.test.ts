import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KUBE_SCHEDULER_IMAGES } from "../../../src/catalog/index.js";
import {
  GPU_PACKING_SCHEDULER_NAME,
  renderScheduling,
  SCHEDULING_COMPONENT,
  schedulingSummary,
} from "../../../src/k8s/scheduling/index.js";
import { DEFAULT_PLATFORM_YAML, LABELS } from "../../../src/model/index.js";
import { check } from "../../../src/policy/index.js";
import { defaultModel, modelOf } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";

// biome-ignore lint/suspicious/noExplicitAny: reading generated objects
type Any = any;

const enabled = modelOf(`${DEFAULT_PLATFORM_YAML}spec:\n  scheduling: { gpuPackingProfile: true }\n`);
const objects = (): Any[] => renderScheduling(enabled)!.files.flatMap((f) => f.objects);
const find = (kind: string, name?: string): Any =>
  objects().find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe("scheduling: the gpu-packing scheduler profile", () => {
  it("is off by default: no manifests, no SUMMARY section", () => {
    expect(defaultModel().scheduling).toEqual({ gpuPackingProfile: false });
    expect(renderScheduling(defaultModel())).toBeUndefined();
    expect(schedulingSummary(defaultModel())).toBeUndefined();
  });

  it("emits config, RBAC and the Deployment under k8s/scheduling/", () => {
    const m = renderScheduling(enabled)!;
    expect(m.component).toBe(SCHEDULING_COMPONENT);
    expect(m.files.map((f) => f.name)).toEqual(["config", "rbac", "deployment"]);
    expect(objects().map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ConfigMap/gpu-packing-scheduler-config",
      "ServiceAccount/gpu-packing-scheduler",
      "ClusterRoleBinding/gpu-packing-scheduler:kube-scheduler",
      "ClusterRoleBinding/gpu-packing-scheduler:volume-scheduler",
      "RoleBinding/gpu-packing-scheduler:extension-apiserver-authentication-reader",
      "Role/gpu-packing-scheduler:leader-election",
      "RoleBinding/gpu-packing-scheduler:leader-election",
      "Deployment/gpu-packing-scheduler",
    ]);
  });

  it("scores MostAllocated weighted on every GPU resource, balanced on cpu and nvidia.com/gpu", () => {
    const config = parse(find("ConfigMap").data["config.yaml"]);
    expect(config.apiVersion).toBe("kubescheduler.config.k8s.io/v1");
    expect(config.kind).toBe("KubeSchedulerConfiguration");
    expect(config.leaderElection).toEqual({
      leaderElect: true,
      resourceNamespace: "kube-system",
      resourceName: "gpu-packing-scheduler",
    });
    const [profile] = config.profiles;
    expect(profile.schedulerName).toBe(GPU_PACKING_SCHEDULER_NAME);
    expect(profile.plugins.score.enabled.map((p: Any) => p.name)).toEqual([
      "NodeResourcesFit",
      "NodeResourcesBalancedAllocation",
    ]);
    const fit = profile.pluginConfig.find((p: Any) => p.name === "NodeResourcesFit").args.scoringStrategy;
    expect(fit.type).toBe("MostAllocated");
    const weights = Object.fromEntries(fit.resources.map((r: Any) => [r.name, r.weight]));
    expect(weights).toEqual({
      "nvidia.com/gpu": 5,
      "nvidia.com/mig-1g.10gb": 5,
      "nvidia.com/mig-2g.20gb": 5,
      "nvidia.com/mig-3g.40gb": 5,
      cpu: 1,
      memory: 1,
    });
    const balanced = profile.pluginConfig.find((p: Any) => p.name === "NodeResourcesBalancedAllocation").args;
    expect(balanced.resources.map((r: Any) => r.name)).toEqual(["cpu", "nvidia.com/gpu"]);
  });

  it("runs the pinned kube-scheduler of the cluster's minor version on the control pool, restricted", () => {
    const d = find("Deployment");
    const pod = d.spec.template.spec;
    expect(pod.containers[0].image).toBe(KUBE_SCHEDULER_IMAGES[enabled.cluster.kubernetesVersion]);
    expect(pod.containers[0].command).toContain("--config=/etc/kubernetes/gpu-packing-scheduler/config.yaml");
    expect(pod.nodeSelector[LABELS.pool]).toBe("cpu");
    expect(pod.serviceAccountName).toBe("gpu-packing-scheduler");
    expect(pod.volumes[0].configMap.name).toBe(find("ConfigMap").metadata.name);
    const lease = find("Role").rules.find((r: Any) => r.resourceNames !== undefined);
    expect(lease.resourceNames).toEqual(["gpu-packing-scheduler"]);
  });

  it("every object is schema-valid and passes the platform's own policy rules", async () => {
    for (const o of objects()) await expectValid(o);
    expect(check(objects(), enabled).filter((f: Any) => f.severity === "error")).toEqual([]);
  });

  it("SUMMARY.md says what the profile approximates and what it cannot do", () => {
    const text = schedulingSummary(enabled)!;
    expect(text).toContain("best-fit");
    expect(text).toContain("not FGD");
    expect(text).toContain("device plugin chooses the physical GPU");
    expect(text).toContain(`schedulerName: ${GPU_PACKING_SCHEDULER_NAME}`);
  });
});
