/** The AWS infrastructure of the platform: CDK constructs, the stack, cdk-nag wiring and `synthesizeAws`. */
export * from "./addons.js";
export * from "./app.js";
export * from "./backup.js";
export * from "./cluster.js";
export * from "./identities.js";
export * from "./identity-policies.js";
export * from "./karpenter.js";
export * from "./karpenter-policy.js";
export * from "./lb-controller-policy.js";
export * from "./nag.js";
export * from "./network.js";
export * from "./node-groups.js";
export * from "./pod-identity.js";
export * from "./retention.js";
export * from "./stack.js";
export * from "./storage.js";
