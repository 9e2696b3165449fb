/** Every CLI command, in the order `aiplat --help` lists them. Each module registers one command. */
import type { Command } from "commander";
import { registerCheck } from "./check.js";
import { registerExplain } from "./explain.js";
import { registerInit } from "./init.js";
import { registerPlan } from "./plan.js";
import { registerRender } from "./render.js";
import { registerSchema } from "./schema.js";
import { registerServe } from "./serve.js";
import { registerSynth } from "./synth.js";
import { registerValidate } from "./validate.js";

/** Adds one command to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [
  registerInit,
  registerValidate,
  registerSynth,
  registerSchema,
  registerServe,
  registerRender,
  registerCheck,
  registerExplain,
  registerPlan,
];
