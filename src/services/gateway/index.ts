/** The LLM gateway: OpenAI-compatible routing, team keys and limits, usage metering and prompt management. */
export {
  type ConfigFinding,
  type GatewayConfig,
  type GatewayConfigInput,
  loadGatewayConfig,
  resolveGatewayConfig,
} from "./config.js";
export { hashKey } from "./keys.js";
export { openStore } from "./open-store.js";
export { type Gateway, type GatewayOptions, startGateway } from "./server.js";
export type { GatewayStore, UsageRecord } from "./store.js";
