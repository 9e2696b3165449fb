/** `aiplat schema`: the platform spec's field reference (Markdown) or its JSON Schema, generated from the loader's schema. */
import { platformJsonSchema, specReferenceMarkdown } from "../../spec/index.js";
import { UsageError } from "../errors.js";
import type { RegisterCommand } from "./index.js";

export const registerSchema: RegisterCommand = (program) => {
  program
    .command("schema")
    .description("print every platform.yaml field with its type and default (markdown), or the JSON Schema for editors")
    .option("--format <format>", "markdown | json", "markdown")
    .addHelpText("after", "\nExample (YAML language server):\n  $ aiplat schema --format json > platform.schema.json")
    .action((opts: { format: string }) => {
      if (opts.format === "markdown") process.stdout.write(`${specReferenceMarkdown()}\n`);
      else if (opts.format === "json") process.stdout.write(`${JSON.stringify(platformJsonSchema(), null, 2)}\n`);
      else throw new UsageError(`--format must be markdown or json, found "${opts.format}"`);
    });
};
