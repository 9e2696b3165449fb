/** `aiplat validate`: checks a platform spec and lists every problem with its line and column. */
import { hasErrors } from "../../spec/index.js";
import { printFindings } from "../print-findings.js";
import { readPlatform } from "../read-platform.js";
import type { RegisterCommand } from "./index.js";

export const registerValidate: RegisterCommand = (program) => {
  program
    .command("validate")
    .description("check a platform spec: every problem at once, each with its path, line, column and what is allowed")
    .option("-f, --file <platform.yaml>", "the spec (default: ./platform.yaml if present, else the built-in default)")
    .addHelpText(
      "after",
      "\nExit codes: 0 valid (warnings may be printed), 2 invalid.\n\nExample:\n  $ aiplat validate -f platform.yaml",
    )
    .action((opts: { file?: string }) => {
      const input = readPlatform(opts.file);
      printFindings(input.findings);
      if (hasErrors(input.findings)) {
        process.exitCode = 2;
        return;
      }
      process.stdout.write(
        `${input.origin}: valid (${input.model!.pools.length} node pools, ${input.model!.teams.length} teams)\n`,
      );
    });
};
