/** Workloads: the four kinds, their loader, placement on the platform's pools, and rendering to Kubernetes objects. */
export * from "./findings.js";
export * from "./gateway-routes.js";
export * from "./load.js";
export * from "./place.js";
export * from "./platform-endpoints.js";
export * from "./priority.js";
export * from "./quantity.js";
export * from "./render/index.js";
export * from "./schema.js";
