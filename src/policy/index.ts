/** Policy: rules with stable IDs over any Kubernetes manifest, given the platform model; one engine for lint and admission. */
export * from "./engine.js";
export * from "./manifests.js";
export * from "./pods.js";
export * from "./selection.js";
export * from "./types.js";
