/** Shared helpers of the simulation tests: tiny clusters and pods built by hand. */
import { fileURLToPath } from "node:url";
import type { TraceNode, TracePod } from "../../../src/planner/simulate/index.js";

/** The repository's test fixtures for traces. */
export const FIXTURE_DIR = fileURLToPath(new URL("../../fixtures/trace/", import.meta.url));
/** The real trace, beside the repository (present in CI, maybe not in a user's clone). */
export const REAL_TRACE_DIR = fileURLToPath(new URL("../../../../shared/data/alibaba-gpu-v2023/", import.meta.url));

/** A node with `gpus` GPUs of model G2 and the given CPU (milli) and memory (MiB). */
export function node(name: string, gpus: number, cpuMilli = 64000, memoryMib = 262144, model = "G2"): TraceNode {
  return { name, cpuMilli, memoryMib, gpus, model };
}

/** A pod requesting `numGpu` GPUs of `gpuMilli` each. */
export function pod(name: string, numGpu: number, gpuMilli: number, cpuMilli = 1000, memoryMib = 1024): TracePod {
  return { name, cpuMilli, memoryMib, numGpu, gpuMilli: numGpu === 0 ? 0 : gpuMilli, gpuSpec: [] };
}
