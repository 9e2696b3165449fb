/**
 * The `aiplat` command line: one file per command under `commands/`, registered here.
 * Exit codes: 0 success, 1 findings of severity error (lint-style commands), 2 bad input or usage, 3 internal failure.
 */
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import pc from "picocolors";
import { commands } from "./commands/index.js";
import { UsageError } from "./errors.js";

/** Builds the commander program with every command registered. */
export function buildProgram(): Command {
  const program = new Command("aiplat")
    .description(
      "Build and run an AI/MLOps platform on AWS EKS with mixed GPU node pools, from one platform.yaml.\n" +
        "Everything here works offline: no AWS account, credentials or cluster are needed to synthesize, validate or plan.",
    )
    .version(PACKAGE_VERSION, "-V, --version")
    .showHelpAfterError("(run `aiplat --help` for usage)")
    .exitOverride();
  for (const register of commands) register(program);
  program.addHelpText(
    "after",
    `
Start here:
  $ aiplat init                      write a commented platform.yaml (the seed architecture) to edit
  $ aiplat validate -f platform.yaml check it and list every problem with its line and column
  $ aiplat synth -f platform.yaml    write dist/<name>/ (AWS CloudFormation, manifests, platform.json, SUMMARY.md)

Run \`aiplat <command> --help\` for the options and examples of each command.`,
  );
  return program;
}

// The version npm knows: package.json sits two folders above build/cli/ (and src/cli/ in tests).
const PACKAGE_VERSION: string = createRequire(import.meta.url)("../../package.json").version;

/** Runs the CLI on `argv` (as in process.argv) and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`${pc.red("error")}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(
      `${pc.red("internal error")}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 3;
  }
}
