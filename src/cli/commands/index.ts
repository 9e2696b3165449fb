/** Every CLI command, in the order `aiplat --help` lists them. Each module registers one command. */
import type { Command } from "commander";
import { registerServe } from "./serve.js";

/** Adds one command to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [registerServe];
