/** The upstream LLM simulator: OpenAI-compatible, streaming, vLLM-style metrics, injectable failures. */
export type { FailureMode, FailureOptions, SimulatorOptions } from "./options.js";
export { type Simulator, startSimulator } from "./server.js";
