/** Runs the policy engine over manifest files and formats the findings as text, JSON or SARIF 2.1.0. */
import type { PlatformModel } from "../model/types.js";
import {
  check,
  type ManifestObject,
  type PolicyFinding,
  parseManifests,
  pointerSegments,
  RULES,
} from "../policy/index.js";
import type { Finding } from "../spec/index.js";
import type { InputFile } from "./input-files.js";

/** A finding with its file position. */
export interface LocatedPolicyFinding extends PolicyFinding {
  readonly file: string;
}

/** What `aiplat check` prints and exits with. */
export interface CheckResult {
  readonly output: string;
  readonly exitCode: 0 | 1 | 2;
  readonly findings: readonly (LocatedPolicyFinding | Finding)[];
  readonly objects: number;
}

/** What checking some files found. */
export interface CheckedFiles {
  readonly findings: readonly (LocatedPolicyFinding | Finding)[];
  readonly objects: number;
  /** True when a file could not be parsed. */
  readonly unreadable: boolean;
}

/** Parses and checks `files`, locating every finding in its file. */
export function checkFiles(files: readonly InputFile[], model: PlatformModel): CheckedFiles {
  const objects: ManifestObject[] = [];
  const syntax: Finding[] = [];
  for (const f of files) {
    const parsed = parseManifests(f.text, f.name);
    objects.push(...parsed.objects);
    syntax.push(...parsed.findings);
  }
  const located: LocatedPolicyFinding[] = check(
    objects.map((o) => o.object),
    model,
  ).map((f) => {
    const src = objects[f.objectIndex]!;
    const at = src.locate(pointerSegments(f.pointer));
    return { ...f, file: src.file, ...(at ?? {}) };
  });
  return { findings: [...syntax, ...located], objects: objects.length, unreadable: syntax.length > 0 };
}

/** The output and exit code of checked files: 2 when a file was unreadable, 1 on rule errors, else 0. */
export function reportCheck(checked: CheckedFiles, format: "text" | "json" | "sarif"): CheckResult {
  const all = checked.findings;
  const exitCode = checked.unreadable ? 2 : all.some((f) => f.severity === "error") ? 1 : 0;
  const output =
    format === "json" ? json(all, checked.objects) : format === "sarif" ? sarif(all) : text(all, checked.objects);
  return { output, exitCode, findings: all, objects: checked.objects };
}

/** Parses, checks and reports `files` in this thread. */
export function runCheck(
  files: readonly InputFile[],
  model: PlatformModel,
  format: "text" | "json" | "sarif",
): CheckResult {
  return reportCheck(checkFiles(files, model), format);
}

function objectName(f: Finding): string {
  const o = (f as Partial<PolicyFinding>).object;
  return o === undefined ? "" : `${o.kind} ${o.namespace === undefined ? "" : `${o.namespace}/`}${o.name}: `;
}

function text(findings: readonly Finding[], objects: number): string {
  const lines = findings.map((f) => {
    const where = `${f.file ?? ""}${f.line === undefined ? "" : `:${f.line}:${f.column}`}`;
    const fix = (f as Partial<PolicyFinding>).fix;
    return `${where} ${f.severity} ${f.code} ${objectName(f)}${f.path === "" ? "" : `${f.path}: `}${f.message}${fix ? `\n    fix: ${fix}` : ""}`;
  });
  const errors = findings.filter((f) => f.severity === "error").length;
  lines.push(`${objects} object(s) checked: ${errors} error(s), ${findings.length - errors} warning(s)`);
  return `${lines.join("\n")}\n`;
}

function json(findings: readonly Finding[], objects: number): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  return `${JSON.stringify({ objects, errors, warnings: findings.length - errors, findings }, null, 2)}\n`;
}

/** SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), as code-scanning tools read it. */
function sarif(findings: readonly Finding[]): string {
  const log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "aiplat",
            informationUri: "https://github.com/eks-ai-platform/eks-ai-platform",
            rules: [
              { id: "AIP001", shortDescription: { text: "YAML syntax error" } },
              ...RULES.map((r) => ({ id: r.id, shortDescription: { text: r.title } })),
            ],
          },
        },
        results: findings.map((f) => ({
          ruleId: f.code,
          level: f.severity === "error" ? "error" : "warning",
          message: {
            text: `${objectName(f)}${f.path === "" ? "" : `${f.path}: `}${f.message}${(f as Partial<PolicyFinding>).fix ? ` (fix: ${(f as PolicyFinding).fix})` : ""}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file ?? "" },
                ...(f.line === undefined ? {} : { region: { startLine: f.line, startColumn: f.column } }),
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
