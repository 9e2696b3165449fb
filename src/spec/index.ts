/** The platform spec: schema, seed defaults, loader with located findings. Knows nothing of the other layers. */
export * from "./findings.js";
export * from "./init-template.js";
export * from "./load.js";
export * from "./reference.js";
export * from "./schema.js";
export * from "./seed-defaults.js";
export * from "./source.js";
export * from "./workload-types.js";
