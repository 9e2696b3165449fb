/**
 * The spec's field reference, generated from the schema itself (descriptions and defaults), so the documentation
 * cannot drift from what the loader accepts. `aiplat schema` prints it; README.md embeds it.
 */
import { z } from "zod";
import { platformSchema } from "./schema.js";

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  required?: string[];
}

/** One documented field. */
export interface FieldDoc {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

/** The JSON Schema of `platform.yaml` (input form: what a user may write). */
export function platformJsonSchema(): object {
  return z.toJSONSchema(platformSchema, { io: "input", unrepresentable: "any" });
}

/** Every field of the spec, depth first, with its type and documentation. */
export function specFields(): FieldDoc[] {
  const out: FieldDoc[] = [];
  walk(platformJsonSchema() as JsonSchema, "", true, out);
  return out;
}

function walk(s: JsonSchema, path: string, required: boolean, out: FieldDoc[]): void {
  if (path !== "") out.push({ path, type: typeOf(s), required, description: s.description ?? "" });
  if (s.properties) {
    for (const [k, v] of Object.entries(s.properties))
      walk(v, path === "" ? k : `${path}.${k}`, s.required?.includes(k) ?? false, out);
  } else if (
    s.additionalProperties &&
    typeof s.additionalProperties === "object" &&
    s.additionalProperties.properties
  ) {
    walk({ ...s.additionalProperties, description: undefined } as JsonSchema, `${path}.<name>`, true, out);
    out.splice(
      out.findIndex((f) => f.path === `${path}.<name>`),
      1,
    );
  } else if (s.items?.properties) {
    for (const [k, v] of Object.entries(s.items.properties))
      walk(v, `${path}[].${k}`, s.items.required?.includes(k) ?? false, out);
  }
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => String(v)).join(" \\| ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.type === "array") return `list of ${s.items ? typeOf(s.items) : "any"}`;
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object" && !s.properties) {
    return s.additionalProperties.properties ? "map of name to object" : `map of ${typeOf(s.additionalProperties)}`;
  }
  return Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
}

/** The field reference as a Markdown table. */
export function specReferenceMarkdown(): string {
  const rows = specFields().map((f) => {
    const name = `\`${f.path}\`${f.required ? " (required)" : ""}`;
    return `| ${name} | ${f.type} | ${f.description.replaceAll("|", "\\|")} |`;
  });
  return ["| field | type | meaning and default |", "|---|---|---|", ...rows].join("\n");
}
