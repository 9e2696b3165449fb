import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/k8s/types.js";
import { DEFAULT_PLATFORM_YAML, loadPlatform, type PlatformModel } from "../../src/model/index.js";
import { check } from "../../src/policy/index.js";
import { loadWorkloads, place, render } from "../../src/workloads/index.js";
import { expectValid } from "../support/schema.js";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;
const model = (yaml: string) => loadPlatform(yaml).model!;
const DEFAULT = model(DEFAULT_PLATFORM_YAML);
const TENSORFLOW = model(readFileSync(`${EXAMPLES}platform-tensorflow.yaml`, "utf8"));
const TRAINING_OPERATOR = model(
  "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  training: { pytorch: training-operator }\n",
);

const EXAMPLE_FILES = [
  ...readdirSync(`${EXAMPLES}workloads`)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ file: `workloads/${f}`, platform: "default" })),
  { file: "workloads/tensorflow/tf-training.yaml", platform: "tensorflow" },
];

function renderExample(file: string, m: PlatformModel): KubeObject[] {
  const loaded = loadWorkloads(readFileSync(`${EXAMPLES}${file}`, "utf8"), file);
  expect(loaded.findings).toEqual([]);
  return loaded.workloads.flatMap(({ workload }) => {
    const r = place(workload, m);
    expect(r.findings).toEqual([]);
    return render(workload, r.placement!, m);
  });
}

const byKind = (objs: readonly KubeObject[], kind: string) => objs.find((o) => o.kind === kind) as Record<string, any>;

describe("every example renders, passes the policy engine and validates against upstream schemas", () => {
  it("covers one example per kind and server", () => {
    expect(EXAMPLE_FILES).toHaveLength(11);
  });

  it.each(EXAMPLE_FILES)("$file", ({ file, platform }) => {
    const m = platform === "tensorflow" ? TENSORFLOW : DEFAULT;
    const objs = renderExample(file, m);
    expect(objs.length).toBeGreaterThan(0);
    expect(check(objs, m)).toEqual([]);
    for (const o of objs) expectValid(o);
    // Deterministic: the same input gives the same objects.
    expect(JSON.stringify(renderExample(file, m))).toBe(JSON.stringify(objs));
  });

  it.each(["workloads/pytorch-distributed.yaml", "workloads/tuning-experiment.yaml"])(
    "%s as PyTorchJob on the Training Operator v1",
    (file) => {
      const objs = renderExample(file, TRAINING_OPERATOR);
      expect(check(objs, TRAINING_OPERATOR)).toEqual([]);
      for (const o of objs) expectValid(o);
      const job = file.includes("tuning")
        ? byKind(objs, "Experiment").spec.trialTemplate.trialSpec
        : byKind(objs, "PyTorchJob");
      expect(job.kind).toBe("PyTorchJob");
      if (!file.includes("tuning")) {
        expectValid(job);
        expect(job.spec.pytorchReplicaSpecs.Master.replicas).toBe(1);
        expect(job.spec.pytorchReplicaSpecs.Worker.replicas).toBe(3);
      }
    },
  );
});

describe("rendered properties", () => {
  it("fine-tuning on spot: TrainJob with checkpoints, grace period, spot affinity and the memory hook", () => {
    const objs = renderExample("workloads/fine-tune-h100-spot.yaml", DEFAULT);
    const pvc = byKind(objs, "PersistentVolumeClaim");
    expect(pvc.spec).toMatchObject({
      storageClassName: "efs",
      accessModes: ["ReadWriteMany"],
      resources: { requests: { storage: "200Gi" } },
    });
    const tj = byKind(objs, "TrainJob");
    expect(tj.spec.runtimeRef).toEqual({ name: "torch-distributed" });
    expect(tj.spec.trainer.resourcesPerNode.limits).toEqual({ cpu: "16", memory: "128Gi", "nvidia.com/gpu": "1" });
    expect(tj.spec.trainer.resourcesPerNode.requests).toEqual(tj.spec.trainer.resourcesPerNode.limits);
    const env = Object.fromEntries(tj.spec.trainer.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      AIPLAT_CHECKPOINT_DIR: "/checkpoints",
      AIPLAT_GPU_MEMORY_FRACTION: "0.5",
      AIPLAT_GPU_MEMORY_MIB: "40960",
    });
    const pod = tj.spec.runtimePatches[0].trainingRuntimeSpec.template.spec.replicatedJobs[0].template.spec.template;
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(120);
    expect(pod.spec.nodeSelector).toEqual({
      "eks-ai-platform/pool": "h100-timeslice",
      "workload-type.eks-ai-platform/fine-tuning": "true",
    });
    expect(pod.spec.tolerations).toEqual([{ key: "gpu", operator: "Equal", value: "h100", effect: "NoSchedule" }]);
    expect(
      pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
        .matchExpressions,
    ).toEqual([{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] }]);
    expect(pod.metadata.labels["eks-ai-platform/workload-type"]).toBe("fine-tuning");
  });

  it("vLLM on MIG with KEDA on vllm:num_requests_waiting and an internal ALB", () => {
    const objs = renderExample("workloads/vllm-mig-keda.yaml", DEFAULT);
    expect(objs.map((o) => o.kind)).toEqual([
      "Deployment",
      "Service",
      "PodDisruptionBudget",
      "ServiceMonitor",
      "NetworkPolicy",
      "ScaledObject",
      "Ingress",
    ]);
    const pod = byKind(objs, "Deployment").spec.template.spec;
    const c = pod.containers[0];
    expect(c.command).toEqual(["vllm", "serve"]);
    expect(c.args.slice(0, 10)).toEqual(
      [
        "/models/llama-3-8b",
        "--served-model-name",
        "llama-3-8b",
        "--host",
        "0.0.0.0",
        "--port",
        "8000",
        "--gpu-memory-utilization",
        "0.9",
        "--max-model-len=8192",
      ].slice(0, 10),
    );
    expect(c.resources.limits["nvidia.com/mig-3g.40gb"]).toBe("1");
    expect(c.readinessProbe.httpGet.path).toBe("/health");
    expect(pod.initContainers[0].command).toContain("s3://applied-ml-models/meta-llama/Llama-3.1-8B-Instruct");
    expect(pod.priorityClassName).toBe("eks-ai-platform-production-inference");
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    const so = byKind(objs, "ScaledObject");
    expect(so.spec).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 8 });
    expect(so.spec.triggers[0]).toMatchObject({
      type: "prometheus",
      metadata: {
        query: 'sum(vllm:num_requests_waiting{namespace="applied-ml",service="llama-3-8b"})',
        threshold: "4",
      },
    });
    expect(byKind(objs, "Ingress").metadata.annotations["alb.ingress.kubernetes.io/scheme"]).toBe("internal");
    expect(byKind(objs, "ServiceMonitor").spec.endpoints[0]).toMatchObject({ port: "http", path: "/metrics" });
  });

  it("Triton on MIG: its own ports, health endpoints, metrics port and an NLB", () => {
    const objs = renderExample("workloads/triton-mig.yaml", DEFAULT);
    const c = byKind(objs, "Deployment").spec.template.spec.containers[0];
    expect(c.args).toEqual([
      "--model-repository=/models/fraud-scoring/repository",
      "--http-port=8000",
      "--grpc-port=8001",
      "--metrics-port=8002",
    ]);
    expect(c.readinessProbe.httpGet.path).toBe("/v2/health/ready");
    expect(c.livenessProbe.httpGet.path).toBe("/v2/health/live");
    const svc = byKind(objs, "Service");
    expect(svc.spec.type).toBe("LoadBalancer");
    expect(svc.spec.loadBalancerClass).toBe("service.k8s.aws/nlb");
    expect(byKind(objs, "ServiceMonitor").spec.endpoints[0].port).toBe("metrics");
  });

  it("TGI for development: --cuda-memory-fraction of the replica's share", () => {
    const objs = renderExample("workloads/tgi-dev-timeslice.yaml", DEFAULT);
    const c = byKind(objs, "Deployment").spec.template.spec.containers[0];
    expect(c.command).toEqual(["text-generation-launcher"]);
    expect(c.args.join(" ")).toContain("--port 8080 --cuda-memory-fraction 0.25");
  });

  it("tuning: a Katib Experiment wrapping the TrainJob with trial parameters", () => {
    const e = byKind(renderExample("workloads/tuning-experiment.yaml", DEFAULT), "Experiment");
    expect(e.spec.objective).toEqual({ type: "maximize", objectiveMetricName: "val_accuracy", goal: 0.95 });
    expect(e.spec.trialTemplate.trialSpec.kind).toBe("TrainJob");
    expect(e.spec.trialTemplate.trialSpec.spec.trainer.args).toEqual([
      "--learning-rate=${trialParameters.learning-rate}",
      "--batch-size=${trialParameters.batch-size}",
    ]);
    expect(e.spec.parameters[1]).toEqual({
      name: "batch-size",
      parameterType: "categorical",
      feasibleSpace: { list: ["16", "32", "64"] },
    });
  });

  it("TensorFlow: a TFJob of two workers", () => {
    const job = byKind(renderExample("workloads/tensorflow/tf-training.yaml", TENSORFLOW), "TFJob");
    expect(job.spec.tfReplicaSpecs.Worker.replicas).toBe(2);
    expect(job.spec.tfReplicaSpecs.Worker.template.spec.containers[0].name).toBe("tensorflow");
  });

  it("nightly batch inference: an Indexed CronJob on the batch-inference pool", () => {
    const cj = byKind(renderExample("workloads/batch-nightly.yaml", DEFAULT), "CronJob");
    expect(cj.spec).toMatchObject({ schedule: "0 2 * * *", concurrencyPolicy: "Forbid" });
    expect(cj.spec.jobTemplate.spec).toMatchObject({ completions: 8, parallelism: 4, completionMode: "Indexed" });
    expect(cj.spec.jobTemplate.spec.template.spec.nodeSelector["workload-type.eks-ai-platform/batch-inference"]).toBe(
      "true",
    );
  });

  it("agents: OpenAI-compatible env per model, tracing, and a PDB when critical", () => {
    const crew = renderExample("workloads/crewai-agent.yaml", DEFAULT);
    const env = Object.fromEntries(
      byKind(crew, "Deployment").spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]),
    );
    expect(env.OPENAI_BASE_URL).toBe("http://llm-gateway.llm-gateway.svc.cluster.local/v1");
    expect(env.OPENAI_MODEL_NAME).toBe("llama-3-8b");
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/^http:\/\/.+:4317$/);
    expect(env.OPENAI_API_KEY).toEqual({ secretKeyRef: { name: "research-crew-gateway-key", key: "api-key" } });
    expect(crew.some((o) => o.kind === "PodDisruptionBudget")).toBe(false);
    const critical = renderExample("workloads/langgraph-critical.yaml", DEFAULT);
    const pod = byKind(critical, "Deployment");
    expect(pod.spec.replicas).toBe(2);
    expect(pod.spec.template.spec.priorityClassName).toBe("eks-ai-platform-critical-agents");
    expect(pod.spec.template.spec.containers[0].resources.limits["nvidia.com/mig-1g.10gb"]).toBe("1");
    expect(critical.some((o) => o.kind === "PodDisruptionBudget")).toBe(true);
    const ag = renderExample("workloads/autogen-agent.yaml", DEFAULT);
    const agEnv = Object.fromEntries(
      byKind(ag, "Deployment").spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]),
    );
    expect(agEnv.AIPLAT_MODEL_CODER_BASE_URL).toBe("http://llama-3-8b.applied-ml.svc.cluster.local:80/v1");
    expect(agEnv.AIPLAT_MODEL_PLANNER_MODEL).toBe("gpt-oss-120b");
  });
});
