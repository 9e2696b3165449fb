/**
 * Loads a `platform.yaml`: YAML parse, then schema check, collecting every problem at once as located findings.
 * Pure: takes the text, not a file handle.
 */
import type { z } from "zod";
import { type Finding, formatPath } from "./findings.js";
import { type PlatformSpec, platformSchema } from "./schema.js";
import { parseYamlSource, type YamlSource } from "./source.js";

/** What loading a spec gives: the spec with defaults applied when the schema accepted it, and every finding. */
export interface LoadedSpec {
  readonly spec?: PlatformSpec;
  readonly findings: readonly Finding[];
  readonly source: YamlSource;
}

/** Parses and schema-checks platform YAML text. `file` names the source in findings. */
export function loadPlatformSpec(text: string, file = "platform.yaml"): LoadedSpec {
  const { source, findings } = parseYamlSource(text, file);
  if (findings.some((f) => f.code === "AIP001")) return { findings, source };
  const data: unknown = source.doc.toJS() ?? {};
  const result = platformSchema.safeParse(data, { reportInput: true });
  if (result.success) return { spec: result.data, findings, source };
  const schemaFindings = result.error.issues.flatMap((issue) => issueToFindings(issue, source));
  return { findings: [...findings, ...schemaFindings], source };
}

/** Adds line and column to findings whose path points into `source`. */
export function locateFindings(
  findings: readonly Finding[],
  source: YamlSource,
  pathOf: (f: Finding) => PropertyKey[],
) {
  return findings.map((f) => {
    if (f.line !== undefined) return f;
    const at = source.locate(pathOf(f));
    return { ...f, file: source.file, ...(at ? { line: at.line, column: at.column } : {}) };
  });
}

type Issue = z.core.$ZodIssue;

function issueToFindings(issue: Issue, source: YamlSource): Finding[] {
  const path = issue.path;
  const where = (p: readonly PropertyKey[], at: "key" | "value" = "value") => {
    const loc = source.locate(p, at);
    return { file: source.file, ...(loc ? { line: loc.line, column: loc.column } : {}) };
  };
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        const allowed = schemaKeysAt(path);
        return {
          code: "AIP002",
          severity: "error",
          path: formatPath(keyPath),
          message: `unknown field "${key}"${allowed ? `; fields here: ${allowed.join(", ")}` : ""}`,
          found: key,
          ...(allowed ? { allowed } : {}),
          ...where(keyPath, "key"),
        } satisfies Finding;
      });
    case "invalid_type": {
      const missing = input === undefined;
      return [
        {
          code: missing ? "AIP005" : "AIP003",
          severity: "error",
          path: formatPath(path),
          message: missing
            ? `required field "${String(path.at(-1))}" is missing (expected ${issue.expected})`
            : `expected ${issue.expected}, found ${describe(input)}`,
          ...(missing ? {} : { found: input }),
          allowed: [issue.expected],
          ...where(path),
        },
      ];
    }
    case "invalid_value":
      return [
        {
          code: "AIP004",
          severity: "error",
          path: formatPath(path),
          message: `${JSON.stringify(input)} is not allowed; allowed: ${issue.values.map(String).join(", ")}`,
          found: input,
          allowed: issue.values.map(String),
          ...where(path),
        },
      ];
    case "too_small":
    case "too_big": {
      const bound =
        issue.code === "too_small" ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const what = issue.origin === "array" ? `must have ${bound} item(s)` : `must be ${bound}`;
      return [
        {
          code: "AIP004",
          severity: "error",
          path: formatPath(path),
          message: `${what}, found ${describe(input)}`,
          found: input,
          ...where(path),
        },
      ];
    }
    case "invalid_union":
      return [
        {
          code: "AIP003",
          severity: "error",
          path: formatPath(path),
          message: `${unionMessage(issue)}, found ${describe(input)}`,
          found: input,
          ...where(path),
        },
      ];
    default:
      return [
        {
          code: "AIP004",
          severity: "error",
          path: formatPath(path),
          message: `${issue.message}, found ${describe(input)}`,
          found: input,
          ...where(path),
        },
      ];
  }
}

function unionMessage(issue: Extract<Issue, { code: "invalid_union" }>): string {
  const messages = issue.errors.flat().map((e) => e.message);
  const custom = messages.find((m) => m.startsWith("must"));
  return custom ?? messages.join(" or ");
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list ${JSON.stringify(value)}`;
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The field names the schema allows at `path` (for "unknown field" findings). */
function schemaKeysAt(path: readonly PropertyKey[]): string[] | undefined {
  let node: unknown = platformSchema;
  for (const seg of path) {
    node = unwrap(node);
    const def = defOf(node);
    if (def?.type === "object") node = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def?.type === "record") node = def.valueType;
    else if (def?.type === "array") node = def.element;
    else return undefined;
  }
  const def = defOf(unwrap(node));
  return def?.type === "object" ? Object.keys(def.shape as object) : undefined;
}

interface Def {
  type: string;
  innerType?: unknown;
  shape?: unknown;
  valueType?: unknown;
  element?: unknown;
  in?: unknown;
}

function defOf(node: unknown): Def | undefined {
  return (node as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

function unwrap(node: unknown): unknown {
  let current = node;
  for (;;) {
    const def = defOf(current);
    if (def === undefined) return current;
    if (["optional", "default", "prefault", "nullable", "readonly"].includes(def.type)) current = def.innerType;
    else if (def.type === "pipe") current = def.in;
    else return current;
  }
}
