/**
 * Facts about the model servers and workload images the platform renders: pinned images, ports, health endpoints,
 * metrics endpoints, the queue metric KEDA scales on and how each server caps its GPU memory.
 *
 * Sources (read 2026-07):
 * - vLLM: https://docs.vllm.ai/en/stable/serving/openai_compatible_server.html (`vllm serve`, port 8000, `/health`,
 *   `/metrics`), https://docs.vllm.ai/en/stable/usage/metrics.html (`vllm:num_requests_waiting`),
 *   engine args (`--gpu-memory-utilization`: fraction of the GPU's memory the engine may use, default 0.9).
 * - Triton: https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/user_guide/metrics.html
 *   (metrics on port 8002 at `/metrics`, `nv_inference_queue_duration_us` cumulative queue time), HTTP 8000, gRPC 8001,
 *   `/v2/health/live`, `/v2/health/ready`. Triton has no per-process cap of the GPU memory its backends allocate.
 * - TGI: https://huggingface.co/docs/text-generation-inference/reference/launcher (`--port`, `--cuda-memory-fraction`,
 *   `--num-shard`), https://huggingface.co/docs/text-generation-inference/reference/metrics (`tgi_queue_size`);
 *   `/health`, `/metrics`. TGI is in maintenance mode upstream (DESIGN.md section 9).
 * - AWS CLI image for model downloads from S3: https://gallery.ecr.aws/aws-cli/aws-cli.
 */

/** The model servers an InferenceService can run. */
export const MODEL_SERVERS = ["vllm", "triton", "tgi"] as const;
/** One model server. */
export type ModelServer = (typeof MODEL_SERVERS)[number];

/** What the platform needs to know to run a model server. */
export interface ModelServerFacts {
  /** Container image, pinned by tag. */
  readonly image: string;
  /** Command that starts the server (the image's entrypoint, written out so the args are unambiguous). */
  readonly command: readonly string[];
  /** HTTP port of the inference API. */
  readonly httpPort: number;
  /** Port of the Prometheus metrics endpoint (same as httpPort for vLLM and TGI). */
  readonly metricsPort: number;
  /** Path of the Prometheus metrics endpoint. */
  readonly metricsPath: string;
  /** Liveness endpoint. */
  readonly livenessPath: string;
  /** Readiness endpoint (true once the model is loaded). */
  readonly readinessPath: string;
  /** Prometheus metric of the server's request queue, the autoscaling signal. */
  readonly queueMetric: string;
  /** Command-line flag that caps the GPU memory the server allocates, as a fraction of the visible GPU; none for Triton. */
  readonly memoryFractionFlag?: string;
  /** Whether the server speaks the OpenAI-compatible API at `/v1` (agents can call it directly). */
  readonly openAICompatible: boolean;
}

/** Model servers, by name. */
export const MODEL_SERVER_FACTS: Readonly<Record<ModelServer, ModelServerFacts>> = {
  vllm: {
    image: "vllm/vllm-openai:v0.11.0",
    command: ["vllm", "serve"],
    httpPort: 8000,
    metricsPort: 8000,
    metricsPath: "/metrics",
    livenessPath: "/health",
    readinessPath: "/health",
    queueMetric: "vllm:num_requests_waiting",
    memoryFractionFlag: "--gpu-memory-utilization",
    openAICompatible: true,
  },
  triton: {
    image: "nvcr.io/nvidia/tritonserver:25.09-py3",
    command: ["tritonserver"],
    httpPort: 8000,
    metricsPort: 8002,
    metricsPath: "/metrics",
    livenessPath: "/v2/health/live",
    readinessPath: "/v2/health/ready",
    queueMetric: "nv_inference_queue_duration_us",
    openAICompatible: false,
  },
  tgi: {
    image: "ghcr.io/huggingface/text-generation-inference:3.3.4",
    command: ["text-generation-launcher"],
    httpPort: 8080,
    metricsPort: 8080,
    metricsPath: "/metrics",
    livenessPath: "/health",
    readinessPath: "/health",
    queueMetric: "tgi_queue_size",
    memoryFractionFlag: "--cuda-memory-fraction",
    openAICompatible: true,
  },
};

/** The fraction of GPU memory vLLM uses when nothing caps it (its `--gpu-memory-utilization` default). */
export const VLLM_DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

/** Image of the init container that copies a model from S3 to the pod's local volume. */
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.27.50";

/**
 * The EC2 spot interruption notice, seconds: a spot pod's `terminationGracePeriodSeconds` must cover it so the job
 * saves its checkpoint before the node goes (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html).
 */
export const SPOT_INTERRUPTION_NOTICE_SECONDS = 120;
