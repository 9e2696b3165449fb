/**
 * The four workload kinds a team writes (`apiVersion: eks-ai-platform/v1alpha1`): TrainingJob, InferenceService,
 * BatchInference, Agent. Few fields, each with its default; placement decides the pool, the GPU unit and everything
 * that follows from them.
 */
import { z } from "zod";
import { MODEL_SERVERS } from "../catalog/serving.js";

/** The apiVersion of every workload kind. */
export const WORKLOAD_API_VERSION = "eks-ai-platform/v1alpha1";

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
  error: "must be a DNS label: lowercase letters, digits and '-', 1-63 characters",
});

const quantity = z.union([
  z.number().positive(),
  z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/, {
    error: "must be a Kubernetes quantity like 4, 500m or 64Gi",
  }),
]);

const metadata = z.strictObject({
  name: dnsLabel.describe("workload name: every rendered object is named after it"),
  namespace: dnsLabel.optional().describe("team namespace. Default: the first namespace of the first team"),
  labels: z.record(z.string(), z.string()).default({}).describe("extra labels on every rendered object. Default: none"),
});

/**
 * The GPU a pod (one worker or replica) needs: exactly one of `count` (whole GPUs; 1 may be served by a time-sliced
 * replica), `memoryGiB` (a share of a GPU with at least this much memory) or `migProfile` (a MIG slice).
 */
export const gpuNeedSchema = z
  .strictObject({
    count: z.int().min(1).max(8).optional().describe("whole GPUs per pod (more than 1 needs a pool without sharing)"),
    memoryGiB: z.number().positive().optional().describe("GPU memory per pod, GiB: the smallest unit with that much"),
    migProfile: z
      .string()
      .regex(/^[0-9]g\.[0-9]+gb$/, { error: "must be a MIG profile like 3g.40gb" })
      .optional()
      .describe("a MIG profile, e.g. 3g.40gb"),
  })
  .refine((g) => [g.count, g.memoryGiB, g.migProfile].filter((v) => v !== undefined).length === 1, {
    error: "set exactly one of count, memoryGiB, migProfile",
  })
  .describe("GPU need per pod: one of count, memoryGiB, migProfile");

const resources = z
  .strictObject({
    cpu: quantity.default("4").describe("CPU request = limit per pod. Default: 4"),
    memory: quantity.default("32Gi").describe("memory request = limit per pod. Default: 32Gi"),
  })
  .prefault({})
  .describe("CPU and memory per pod (requests equal limits: Guaranteed QoS)");

const env = z.record(z.string(), z.string()).default({}).describe("environment variables. Default: none");

/** EC2 capacity type a workload asks for. `spot` and `spot-preferred` need checkpointing for jobs. */
export const CAPACITY_PREFERENCES = ["on-demand", "spot", "spot-preferred"] as const;
/** A capacity-type preference. */
export type CapacityPreference = (typeof CAPACITY_PREFERENCES)[number];

const checkpoint = z
  .strictObject({
    storageClass: z.enum(["efs", "io2"]).default("efs").describe("efs (shared by all workers) or io2. Default: efs"),
    size: quantity.default("100Gi").describe("volume size. Default: 100Gi"),
    mountPath: z.string().startsWith("/").default("/checkpoints").describe("mount path. Default: /checkpoints"),
  })
  .describe("checkpoint volume: the job saves here and resumes from the latest checkpoint after an interruption");

const tuning = z
  .strictObject({
    objective: z.strictObject({
      metric: z.string().min(1).describe("metric the training prints as `name=value` on stdout"),
      type: z.enum(["maximize", "minimize"]).describe("maximize or minimize"),
      goal: z.number().optional().describe("stop when reached. Default: none"),
    }),
    algorithm: z
      .enum(["random", "grid", "bayesianoptimization", "tpe", "multivariate-tpe", "cmaes", "hyperband"])
      .default("tpe")
      .describe("Katib search algorithm. Default: tpe"),
    parameters: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z][a-zA-Z0-9_-]*$/, { error: "must be an identifier like learning-rate" }),
          type: z.enum(["double", "int", "categorical", "discrete"]),
          min: z.number().optional(),
          max: z.number().optional(),
          values: z.array(z.union([z.string(), z.number()])).optional(),
        }),
      )
      .min(1)
      .describe("search space; each is passed to the container as `--<name>=<value>`"),
    maxTrials: z.int().positive().default(12).describe("Default: 12"),
    parallelTrials: z.int().positive().default(3).describe("Default: 3"),
    maxFailedTrials: z.int().nonnegative().default(3).describe("Default: 3"),
  })
  .describe("hyperparameter tuning: rendered as a Katib Experiment around the job");

/** A training job: PyTorch (Trainer v2 or PyTorchJob), TensorFlow (TFJob) or custom (Job). */
export const trainingJobSchema = z.strictObject({
  apiVersion: z.literal(WORKLOAD_API_VERSION),
  kind: z.literal("TrainingJob"),
  metadata,
  spec: z.strictObject({
    framework: z.enum(["pytorch", "tensorflow", "custom"]).default("pytorch").describe("Default: pytorch"),
    workloadType: z
      .enum(["training", "fine-tuning", "research", "development"])
      .default("training")
      .describe("Default: training"),
    image: z.string().min(1).describe("training image, pinned by tag or digest"),
    command: z.array(z.string()).optional().describe("Default: the image's entrypoint"),
    args: z.array(z.string()).default([]).describe("Default: none"),
    env,
    workers: z.int().min(1).max(64).default(1).describe("pods (nodes) of a distributed job. Default: 1"),
    gpu: gpuNeedSchema.prefault({ count: 1 }).describe("GPU per worker. Default: {count: 1}"),
    resources,
    capacityType: z
      .enum(CAPACITY_PREFERENCES)
      .optional()
      .describe("spot, spot-preferred or on-demand. Default: spot-preferred with checkpoint, else on-demand"),
    checkpoint: checkpoint.optional().describe("Default: none (required on spot)"),
    maxRestarts: z.int().min(0).max(20).default(3).describe("retries after failure or interruption. Default: 3"),
    tuning: tuning.optional(),
  }),
});

/** How an InferenceService is reached. */
export const EXPOSURES = ["cluster", "internal-alb", "internet-facing-alb", "nlb"] as const;

/** A model server: vLLM, Triton or TGI as a Deployment, with Service, PDB, monitoring, network policy, autoscaling. */
export const inferenceServiceSchema = z.strictObject({
  apiVersion: z.literal(WORKLOAD_API_VERSION),
  kind: z.literal("InferenceService"),
  metadata,
  spec: z.strictObject({
    server: z.enum(MODEL_SERVERS).default("vllm").describe("vllm, triton or tgi. Default: vllm"),
    workloadType: z
      .enum(["production-inference", "batch-inference", "development"])
      .default("production-inference")
      .describe("Default: production-inference"),
    model: z.strictObject({
      source: z
        .string()
        .regex(/^(s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?|\/.+)$/, {
          error: "must be an S3 URI (s3://bucket/prefix) or an absolute path on the shared EFS volume",
        })
        .describe("s3://bucket/prefix (copied at start) or /models/... on the EFS models access point"),
      name: z.string().optional().describe("served model name. Default: metadata.name"),
    }),
    gpu: gpuNeedSchema.prefault({ count: 1 }).describe("GPU per replica. Default: {count: 1}"),
    resources,
    replicas: z.int().min(1).max(100).default(2).describe("fixed replicas when not autoscaled. Default: 2"),
    autoscaling: z
      .strictObject({
        minReplicas: z.int().min(1).default(1).describe("Default: 1"),
        maxReplicas: z.int().min(1).default(4).describe("Default: 4"),
        queueThreshold: z
          .number()
          .positive()
          .optional()
          .describe("target of the queue metric per replica. Default: 5 requests (Triton: 50000 us)"),
      })
      .optional()
      .describe("KEDA ScaledObject on the server's own queue metric. Default: none (fixed replicas)"),
    exposure: z.enum(EXPOSURES).default("cluster").describe("cluster, internal-alb, internet-facing-alb or nlb"),
    host: z.string().optional().describe("host name of the ALB Ingress rule. Default: any"),
    extraArgs: z.array(z.string()).default([]).describe("more server arguments. Default: none"),
    capacityType: z.enum(CAPACITY_PREFERENCES).default("on-demand").describe("Default: on-demand"),
  }),
});

/** Batch inference over an input set: a Job, or a CronJob for off-peak runs. */
export const batchInferenceSchema = z.strictObject({
  apiVersion: z.literal(WORKLOAD_API_VERSION),
  kind: z.literal("BatchInference"),
  metadata,
  spec: z.strictObject({
    image: z.string().min(1),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).default([]),
    env,
    input: z.string().min(1).describe("input set URI, passed as INPUT_URI"),
    output: z.string().min(1).describe("output URI, passed as OUTPUT_URI"),
    model: z.string().optional().describe("model URI, passed as MODEL_URI. Default: none"),
    shards: z.int().min(1).max(1000).default(1).describe("indexed completions (JOB_COMPLETION_INDEX). Default: 1"),
    parallelism: z.int().min(1).max(100).default(1).describe("shards run at once. Default: 1"),
    schedule: z.string().optional().describe("cron schedule for a CronJob, e.g. '0 2 * * *'. Default: a one-off Job"),
    timeZone: z.string().optional().describe("time zone of the schedule. Default: the controller's (UTC)"),
    gpu: gpuNeedSchema.prefault({ count: 1 }),
    resources,
    capacityType: z.enum(CAPACITY_PREFERENCES).default("spot-preferred").describe("Default: spot-preferred"),
    maxRetries: z.int().min(0).max(20).default(3).describe("backoffLimit. Default: 3"),
  }),
});

/** One model an agent calls: an InferenceService of the same namespace, or a model of the platform's LLM gateway. */
const agentModel = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .describe("local name; the first model is the default"),
    inferenceService: dnsLabel.optional().describe("an InferenceService in the agent's namespace"),
    gatewayModel: z.string().optional().describe("a model name of the LLM gateway"),
  })
  .refine((m) => (m.inferenceService === undefined) !== (m.gatewayModel === undefined), {
    error: "set exactly one of inferenceService, gatewayModel",
  });

/** An agent: CrewAI, LangGraph or AutoGen as a Deployment with its models and tracing wired in. */
export const agentSchema = z.strictObject({
  apiVersion: z.literal(WORKLOAD_API_VERSION),
  kind: z.literal("Agent"),
  metadata,
  spec: z.strictObject({
    framework: z.enum(["crewai", "langgraph", "autogen"]),
    image: z.string().min(1),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).default([]),
    env,
    port: z.int().min(1024).max(65535).default(8080).describe("HTTP port of the agent. Default: 8080"),
    models: z.array(agentModel).min(1).describe("models the agent calls (OpenAI-compatible env)"),
    apiKeySecret: dnsLabel.optional().describe("Secret with key `api-key`, passed as OPENAI_API_KEY. Default: none"),
    critical: z
      .boolean()
      .default(false)
      .describe("critical-agents: PDB, higher priority, MIG if a GPU. Default: false"),
    replicas: z.int().min(1).max(50).optional().describe("Default: 2 when critical, else 1"),
    gpu: gpuNeedSchema.optional().describe("Default: none (agents call models; they rarely need a GPU)"),
    resources: z
      .strictObject({ cpu: quantity.default("1"), memory: quantity.default("2Gi") })
      .prefault({})
      .describe("Default: 1 CPU, 2Gi"),
  }),
});

/** Any workload. */
export const workloadSchema = z.discriminatedUnion("kind", [
  trainingJobSchema,
  inferenceServiceSchema,
  batchInferenceSchema,
  agentSchema,
]);

/** A training job with defaults applied. */
export type TrainingJob = z.output<typeof trainingJobSchema>;
/** An inference service with defaults applied. */
export type InferenceService = z.output<typeof inferenceServiceSchema>;
/** A batch inference with defaults applied. */
export type BatchInference = z.output<typeof batchInferenceSchema>;
/** An agent with defaults applied. */
export type Agent = z.output<typeof agentSchema>;
/** Any workload, defaults applied. */
export type Workload = z.output<typeof workloadSchema>;
/** The GPU need of one pod. */
export type GpuNeed = z.output<typeof gpuNeedSchema>;
/** The workload kinds. */
export const WORKLOAD_KINDS = ["TrainingJob", "InferenceService", "BatchInference", "Agent"] as const;
