/** Capacity and cost planning: packing per pool, MIG layout choice (HiGHS), cost against a no-sharing baseline. */
export * from "./demand.js";
export * from "./from-workloads.js";
export * from "./mig-layouts.js";
export * from "./mig-plan.js";
export * from "./pack.js";
export * from "./plan.js";
export * from "./pool-plan.js";
