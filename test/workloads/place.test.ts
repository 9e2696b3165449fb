import { describe, expect, it } from "vitest";
import { DEFAULT_PLATFORM_YAML, loadPlatform, type PlatformModel } from "../../src/model/index.js";
import { place, type Workload, workloadSchema } from "../../src/workloads/index.js";

const DEFAULT = platform(DEFAULT_PLATFORM_YAML);

function platform(yaml: string): PlatformModel {
  const { model, findings } = loadPlatform(yaml);
  if (!model) throw new Error(JSON.stringify(findings));
  return model;
}

/** A platform with extra pools next to the seed's CPU pool. */
function custom(pools: string, extra = ""): PlatformModel {
  return platform(`apiVersion: eks-ai-platform/v1alpha1
kind: Platform
metadata: { name: t }
spec:
  nodePools:
    cpu: { instanceTypes: [m5.2xlarge], workloadTypes: [control, mlops, agents] }
${pools}
  teams: [{ name: research }]
${extra}`);
}

const meta = (name: string, namespace = "research") => ({ name, namespace });
const w = (o: object): Workload => workloadSchema.parse({ apiVersion: "eks-ai-platform/v1alpha1", ...o });
const train = (spec: object, ns?: string) =>
  w({ kind: "TrainingJob", metadata: meta("t", ns), spec: { image: "x:1", ...spec } });
const serve = (spec: object, ns?: string) =>
  w({ kind: "InferenceService", metadata: meta("s", ns), spec: { model: { source: "s3://bucket-a/m" }, ...spec } });
const agent = (spec: object, ns?: string) =>
  w({
    kind: "Agent",
    metadata: meta("a", ns),
    spec: { framework: "crewai", image: "x:1", models: [{ name: "m", gatewayModel: "g" }], ...spec },
  });
const batch = (spec: object) =>
  w({
    kind: "BatchInference",
    metadata: meta("b"),
    spec: { image: "x:1", input: "s3://i", output: "s3://o", ...spec },
  });

describe("placement: every pool of the default platform", () => {
  it.each([
    ["agent", agent({}), "cpu", undefined, 1],
    [
      "TGI for development",
      serve({ server: "tgi", workloadType: "development", gpu: { memoryGiB: 8 } }),
      "a100-timeslice",
      "nvidia.com/gpu",
      1,
    ],
    ["batch inference", batch({ gpu: { memoryGiB: 8 } }), "a100-timeslice", "nvidia.com/gpu", 1],
    ["vLLM on a 3g.40gb slice", serve({ gpu: { migProfile: "3g.40gb" } }), "a100-mig", "nvidia.com/mig-3g.40gb", 1],
    [
      "vLLM needing 15 GiB gets the smallest slice with it",
      serve({ gpu: { memoryGiB: 15 } }),
      "a100-mig",
      "nvidia.com/mig-2g.20gb",
      1,
    ],
    [
      "critical agent with a GPU",
      agent({ critical: true, gpu: { memoryGiB: 5 } }),
      "a100-mig",
      "nvidia.com/mig-1g.10gb",
      1,
    ],
    [
      "fine-tuning on spot",
      train({ workloadType: "fine-tuning", capacityType: "spot", checkpoint: {} }),
      "h100-timeslice",
      "nvidia.com/gpu",
      1,
    ],
    [
      "training needing 30 GiB skips the 10 GiB A100 replica",
      train({ gpu: { memoryGiB: 30 } }),
      "h100-timeslice",
      "nvidia.com/gpu",
      1,
    ],
    [
      "training needing 8 GiB takes the smaller unit",
      train({ gpu: { memoryGiB: 8 } }),
      "a100-timeslice",
      "nvidia.com/gpu",
      1,
    ],
  ])("%s -> %s", (_name, workload, pool, resource, quantity) => {
    const r = place(workload, DEFAULT);
    expect(r.findings).toEqual([]);
    expect(r.placement?.pool).toBe(pool);
    expect(r.placement?.gpu?.resource).toBe(resource);
    if (resource) expect(r.placement?.gpu?.quantity).toBe(quantity);
    const p = DEFAULT.pools.find((x) => x.name === pool)!;
    expect(r.placement?.tolerations).toEqual(p.tolerations);
    expect(r.placement?.nodeSelector).toEqual({
      "eks-ai-platform/pool": pool,
      [`workload-type.eks-ai-platform/${r.placement!.workloadType}`]: "true",
    });
  });

  it("budgets and enforces GPU memory per sharing method", () => {
    const tgi = place(serve({ server: "tgi", workloadType: "development", gpu: { memoryGiB: 8 } }), DEFAULT).placement!
      .gpu!;
    expect(tgi).toMatchObject({
      gpuMemoryMiB: 10240,
      enforcement: { method: "server-flag", flag: "--cuda-memory-fraction", fraction: 0.25 },
    });
    const vllmDev = place(serve({ workloadType: "development", gpu: { memoryGiB: 8 } }), DEFAULT).placement!.gpu!;
    expect(vllmDev.enforcement).toMatchObject({
      method: "server-flag",
      flag: "--gpu-memory-utilization",
      fraction: 0.25,
    });
    const ft = place(train({ workloadType: "fine-tuning", gpu: { memoryGiB: 40 } }), DEFAULT).placement!.gpu!;
    expect(ft.enforcement).toMatchObject({ method: "env-hook", fraction: 0.5 });
    expect(ft.enforcement.description).toContain("torch.cuda.set_per_process_memory_fraction");
    const mig = place(serve({ gpu: { migProfile: "3g.40gb" } }), DEFAULT).placement!.gpu!;
    expect(mig).toMatchObject({ gpuMemoryMiB: 40960, enforcement: { method: "mig" } });
  });

  it("priority class and capacity affinity follow the workload and the pool's provisioner", () => {
    const ft = place(train({ workloadType: "fine-tuning", capacityType: "spot", checkpoint: {} }), DEFAULT).placement!;
    expect(ft.priorityClassName).toBe("eks-ai-platform-training");
    expect(ft.capacityAffinity).toEqual({ key: "karpenter.sh/capacity-type", value: "spot", required: true });
    const inf = place(serve({ gpu: { migProfile: "3g.40gb" } }), DEFAULT).placement!;
    expect(inf.priorityClassName).toBe("eks-ai-platform-production-inference");
    expect(inf.capacityAffinity).toEqual({ key: "eks.amazonaws.com/capacityType", value: "ON_DEMAND", required: true });
    const ddp = place(train({ workers: 4, checkpoint: {} }), DEFAULT).placement!;
    expect(ddp.capacityAffinity).toEqual({ key: "karpenter.sh/capacity-type", value: "spot", required: false });
    expect(place(agent({ critical: true }), DEFAULT).placement).toBeUndefined();
    expect(place(agent({ critical: true, gpu: { migProfile: "1g.10gb" } }), DEFAULT).placement!.priorityClassName).toBe(
      "eks-ai-platform-critical-agents",
    );
  });

  it("routes a multi-GPU pod to a pool without sharing when the platform has one", () => {
    const m =
      custom(`    h100-whole: { instanceTypes: [p5.48xlarge], workloadTypes: [training], taints: ["gpu=whole:NoSchedule"] }
    h100-ts: { instanceTypes: [p5.48xlarge], workloadTypes: [training], gpuSharing: { timeSlicing: { replicas: 2 } }, taints: ["gpu=h100:NoSchedule"] }`);
    const r = place(train({ gpu: { count: 8 }, workers: 2 }), m);
    expect(r.placement?.pool).toBe("h100-whole");
    expect(r.placement?.gpu).toMatchObject({
      resource: "nvidia.com/gpu",
      quantity: 8,
      enforcement: { method: "whole-gpu" },
    });
    expect(r.considered.find((v) => v.pool === "h100-ts")!.reasons.join()).toContain("multi-GPU pods need whole GPUs");
  });
});

const SPOT_ONLY =
  custom(`    ts: { instanceTypes: [p4d.24xlarge], workloadTypes: [training, production-inference, development], gpuSharing: { timeSlicing: { replicas: 4 } }, capacityTypes: [spot], taints: ["gpu=true:NoSchedule"] }
    g5: { instanceTypes: [g5.xlarge], workloadTypes: [training] }`);

describe("placement: every refusal reason", () => {
  it.each([
    ["workload type", DEFAULT, agent({}), "a100-mig", "does not admit workload type agents"],
    [
      "no spot",
      DEFAULT,
      train({ capacityType: "spot", checkpoint: {}, gpu: { memoryGiB: 8 } }),
      "a100-mig",
      "offers no spot capacity",
    ],
    ["no on-demand", SPOT_ONLY, train({ capacityType: "on-demand" }), "ts", "offers no on-demand capacity"],
    [
      "cpu too large",
      DEFAULT,
      agent({ resources: { cpu: "64" } }),
      "cpu",
      "cpu 64 exceeds its largest instance (16 vCPU)",
    ],
    [
      "memory too large",
      DEFAULT,
      agent({ resources: { memory: "100Gi" } }),
      "cpu",
      "memory 100Gi exceeds its largest instance (64 GiB)",
    ],
    ["CPU work off GPU pools", DEFAULT, agent({}), "a100-timeslice", "is a GPU pool and the workload needs no GPU"],
    ["no GPUs", DEFAULT, train({}), "cpu", "has no GPUs"],
    [
      "production inference never time-sliced",
      SPOT_ONLY,
      serve({ capacityType: "spot" }),
      "ts",
      "production inference needs MIG or whole GPUs",
    ],
    [
      "Triton on time-slicing",
      DEFAULT,
      serve({ server: "triton", workloadType: "development", gpu: { memoryGiB: 8 } }),
      "a100-timeslice",
      "Triton cannot cap its GPU memory",
    ],
    ["whole GPUs on MIG", DEFAULT, serve({ gpu: { count: 1 } }), "a100-mig", "offers MIG slices, not whole GPUs"],
    [
      "multi-GPU on time-slicing",
      DEFAULT,
      train({ gpu: { count: 2 } }),
      "a100-timeslice",
      "multi-GPU pods need whole GPUs",
    ],
    ["too few GPUs per node", SPOT_ONLY, train({ gpu: { count: 2 } }), "g5", "a node has 1 GPUs, fewer than 2"],
    [
      "memory need above every unit",
      DEFAULT,
      train({ gpu: { memoryGiB: 60 } }),
      "h100-timeslice",
      "its largest unit has 40 GiB of GPU memory, less than 60 GiB",
    ],
    [
      "MIG profile on a non-MIG pool",
      DEFAULT,
      train({ gpu: { migProfile: "1g.10gb" } }),
      "a100-timeslice",
      "is not a MIG pool",
    ],
    [
      "MIG profile not in the layout",
      DEFAULT,
      serve({ gpu: { migProfile: "4g.40gb" } }),
      "a100-mig",
      "its MIG layout [3g.40gb, 2g.20gb, 1g.10gb, 1g.10gb] offers no 4g.40gb slice",
    ],
  ])("%s", (_name, model, workload, pool, reason) => {
    const r = place(workload, model);
    const verdict = r.considered.find((v) => v.pool === pool)!;
    expect(verdict.fits).toBe(false);
    expect(verdict.reasons.join("; ")).toContain(reason);
  });

  it("when nothing fits: AIP112 naming every pool and its reasons", () => {
    const r = place(serve({ gpu: { migProfile: "4g.40gb" } }), DEFAULT);
    expect(r.placement).toBeUndefined();
    const f = r.findings.find((x) => x.code === "AIP112")!;
    expect(f.allowed).toEqual(["cpu", "a100-timeslice", "a100-mig", "h100-timeslice"]);
    for (const p of ["cpu", "a100-timeslice", "a100-mig", "h100-timeslice"]) expect(f.message).toContain(p);
  });
});

describe("placement: workload findings", () => {
  it.each([
    ["AIP110", "metadata.namespace", DEFAULT, train({}, "kube-system")],
    ["AIP113", "spec.framework", DEFAULT, train({ framework: "tensorflow" })],
    [
      "AIP114",
      "spec.tuning",
      custom(
        "    ts: { instanceTypes: [p4d.24xlarge], workloadTypes: [training], gpuSharing: { timeSlicing: { replicas: 4 } } }",
        "  training: { katib: false }",
      ),
      train({
        tuning: {
          objective: { metric: "acc", type: "maximize" },
          parameters: [{ name: "lr", type: "double", min: 0.1, max: 1 }],
        },
      }),
    ],
    ["AIP115", "spec.capacityType", DEFAULT, train({ capacityType: "spot" })],
    ["AIP116", "spec.checkpoint.storageClass", DEFAULT, train({ workers: 2, checkpoint: { storageClass: "io2" } })],
  ])("%s at %s", (code, path, model, workload) => {
    const r = place(workload, model);
    expect(r.findings.filter((f) => f.severity === "error").map((f) => `${f.code} ${f.path}`)).toEqual([
      `${code} ${path}`,
    ]);
  });

  it("AIP111 when the team may not run the workload type", () => {
    const m = platform(`apiVersion: eks-ai-platform/v1alpha1
kind: Platform
spec:
  teams: [{ name: research, workloadTypes: [research, development] }]
`);
    expect(place(train({}), m).findings.map((f) => f.code)).toEqual(["AIP111"]);
  });

  it("TensorFlow places when the platform enables it", () => {
    const m = platform(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  training: { tensorflow: true }\n",
    );
    expect(place(train({ framework: "tensorflow" }), m).findings).toEqual([]);
  });
});
