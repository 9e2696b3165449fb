/** `aiplat init`: writes a commented platform.yaml with every default, ready to edit. */
import { existsSync, writeFileSync } from "node:fs";
import { INIT_TEMPLATE } from "../../spec/index.js";
import { UsageError } from "../errors.js";
import type { RegisterCommand } from "./index.js";

export const registerInit: RegisterCommand = (program) => {
  program
    .command("init")
    .description("write a commented platform.yaml (the seed's architecture, every field at its default) to edit")
    .option("-o, --out <file>", "where to write it", "platform.yaml")
    .option("--force", "overwrite an existing file", false)
    .addHelpText("after", "\nExample:\n  $ aiplat init && $EDITOR platform.yaml && aiplat validate")
    .action((opts: { out: string; force: boolean }) => {
      if (existsSync(opts.out) && !opts.force) throw new UsageError(`${opts.out} exists; pass --force to overwrite it`);
      writeFileSync(opts.out, INIT_TEMPLATE);
      process.stdout.write(`wrote ${opts.out}; next: aiplat validate -f ${opts.out} && aiplat synth -f ${opts.out}\n`);
    });
};
