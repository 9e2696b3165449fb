/**
 * Metric names the platform's alerts and dashboards query, with their sources. A rule names a metric only from here,
 * so a test can check that every alert names a real metric.
 */

/**
 * DCGM fields the NVIDIA DCGM exporter exposes by default (`etc/default-counters.csv` of NVIDIA/dcgm-exporter; field
 * meanings: https://docs.nvidia.com/datacenter/dcgm/latest/dcgm-api/dcgm-api-field-ids.html). Labels: `gpu`, `UUID`,
 * `device`, `modelName`, `Hostname` (the node), and `GPU_I_PROFILE`/`GPU_I_ID` on MIG devices.
 */
export const DCGM_METRICS = {
  /** GPU utilisation, percent (gauge). */
  gpuUtil: "DCGM_FI_DEV_GPU_UTIL",
  /** GPU temperature, degrees C (gauge). */
  gpuTemp: "DCGM_FI_DEV_GPU_TEMP",
  /** Framebuffer memory used, MiB (gauge). */
  fbUsed: "DCGM_FI_DEV_FB_USED",
  /** Framebuffer memory free, MiB (gauge). */
  fbFree: "DCGM_FI_DEV_FB_FREE",
  /** Value of the last XID error (gauge; 0 when none). https://docs.nvidia.com/deploy/xid-errors/ */
  xidErrors: "DCGM_FI_DEV_XID_ERRORS",
  /** Power draw, W (gauge). */
  powerUsage: "DCGM_FI_DEV_POWER_USAGE",
  /** Ratio of time the graphics engine is active, 0..1 (profiling field, default counters). */
  grEngineActive: "DCGM_FI_PROF_GR_ENGINE_ACTIVE",
} as const;

/**
 * vLLM server metrics (https://docs.vllm.ai/en/stable/usage/metrics.html, vLLM v0.11 V1 engine).
 * `model_name` labels each series.
 */
export const VLLM_METRICS = {
  /** Requests waiting in the scheduler queue (gauge): the autoscaling signal. */
  requestsWaiting: "vllm:num_requests_waiting",
  /** Requests being processed (gauge). */
  requestsRunning: "vllm:num_requests_running",
  /** Time to first token, seconds (histogram). */
  timeToFirstToken: "vllm:time_to_first_token_seconds",
  /** End-to-end request latency, seconds (histogram). */
  e2eLatency: "vllm:e2e_request_latency_seconds",
  /** KV-cache usage, 0..1 (gauge). */
  kvCacheUsage: "vllm:kv_cache_usage_perc",
} as const;

/** Triton metrics (https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/user_guide/metrics.html). */
export const TRITON_METRICS = {
  /** Cumulative time requests waited in the queue, microseconds (counter). */
  queueDurationUs: "nv_inference_queue_duration_us",
  /** Successful inference requests (counter). */
  requestSuccess: "nv_inference_request_success",
} as const;

/** Label kube-state-metrics gives the node label `eks-ai-platform/pool` in `kube_node_labels` once allow-listed. */
export const KSM_POOL_LABEL = "label_eks_ai_platform_pool";
