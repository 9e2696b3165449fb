/** Re-exports for the simulation tests (one import line, plus the GPU stride of the cluster arrays). */

export { readTrace } from "../../../src/cli/read-trace.js";
export { MAX_GPUS as MAX_GPUS_FOR_TESTS } from "../../../src/planner/simulate/cluster.js";
export * from "../../../src/planner/simulate/index.js";
