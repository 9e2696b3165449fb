/**
 * Loads workload files: multi-document YAML, each document one workload, every problem a located finding.
 * Pure: takes the text, not a file handle.
 */
import type { z } from "zod";
import { type Finding, formatPath, parseYamlSources, type YamlSource } from "../spec/index.js";
import { type WorkloadCode, workloadError } from "./findings.js";
import {
  agentSchema,
  batchInferenceSchema,
  inferenceServiceSchema,
  trainingJobSchema,
  WORKLOAD_API_VERSION,
  WORKLOAD_KINDS,
  type Workload,
} from "./schema.js";

/** One workload read from a file, with where it came from. */
export interface LoadedWorkload {
  readonly workload: Workload;
  readonly source: YamlSource;
  /** 0-based index of the document in its file. */
  readonly document: number;
}

/** What loading a workload file gives. */
export interface LoadedWorkloads {
  readonly workloads: readonly LoadedWorkload[];
  readonly findings: readonly Finding[];
}

const SCHEMAS = {
  TrainingJob: trainingJobSchema,
  InferenceService: inferenceServiceSchema,
  BatchInference: batchInferenceSchema,
  Agent: agentSchema,
} as const;

/** Parses every document of `text` in one pass; lines and columns are those of the whole file. */
export function loadWorkloads(text: string, file = "workload.yaml"): LoadedWorkloads {
  const workloads: LoadedWorkload[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const parsed of parseYamlSources(text, file)) {
    const index = parsed.index;
    findings.push(...parsed.findings);
    if (parsed.findings.some((f) => f.severity === "error")) continue;
    const one = loadOne(parsed.source);
    findings.push(...one.findings);
    if (one.workload === undefined) continue;
    const key = `${one.workload.kind}/${one.workload.metadata.namespace ?? ""}/${one.workload.metadata.name}`;
    if (seen.has(key)) {
      const at = parsed.source.locate(["metadata", "name"]);
      findings.push(
        workloadError("AIP106", "metadata.name", `${key} is defined twice in ${file}`, { file, ...(at ?? {}) }),
      );
      continue;
    }
    seen.add(key);
    workloads.push({ workload: one.workload, source: parsed.source, document: index });
  }
  return { workloads, findings };
}

function loadOne(source: YamlSource): { workload?: Workload; findings: Finding[] } {
  const data = source.doc.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
  const where = (path: readonly PropertyKey[], at: "key" | "value" = "value") => ({
    file: source.file,
    ...(source.locate(path, at) ?? {}),
  });
  if (data === null || typeof data !== "object" || Array.isArray(data))
    return { findings: [workloadError("AIP103", "", "a workload must be a map", where([]))] };
  const kind = data.kind;
  if (data.apiVersion !== WORKLOAD_API_VERSION || !(WORKLOAD_KINDS as readonly unknown[]).includes(kind)) {
    const badApi = data.apiVersion !== WORKLOAD_API_VERSION;
    return {
      findings: [
        workloadError(
          "AIP101",
          badApi ? "apiVersion" : "kind",
          badApi
            ? `apiVersion must be ${WORKLOAD_API_VERSION}, found ${JSON.stringify(data.apiVersion)}`
            : `unknown workload kind ${JSON.stringify(kind)}`,
          {
            allowed: badApi ? [WORKLOAD_API_VERSION] : [...WORKLOAD_KINDS],
            found: badApi ? data.apiVersion : kind,
            ...where([badApi ? "apiVersion" : "kind"]),
          },
        ),
      ],
    };
  }
  const schema = SCHEMAS[kind as keyof typeof SCHEMAS];
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { workload: result.data as Workload, findings: [] };
  return { findings: result.error.issues.flatMap((i) => issueFindings(i, where)) };
}

type Where = (path: readonly PropertyKey[], at?: "key" | "value") => Partial<Finding>;

function issueFindings(issue: z.core.$ZodIssue, where: Where): Finding[] {
  const input = (issue as { input?: unknown }).input;
  const path = issue.path;
  const f = (code: WorkloadCode, p: readonly PropertyKey[], message: string, extra: Partial<Finding> = {}) =>
    workloadError(code, formatPath(p), message, { ...where(p, code === "AIP102" ? "key" : "value"), ...extra });
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => f("AIP102", [...path, k], `unknown field "${k}"`, { found: k }));
    case "invalid_type":
      return input === undefined
        ? [f("AIP105", path, `required field "${String(path.at(-1))}" is missing (expected ${issue.expected})`)]
        : [f("AIP103", path, `expected ${issue.expected}, found ${JSON.stringify(input)}`, { found: input })];
    case "invalid_value":
      return [
        f("AIP104", path, `${JSON.stringify(input)} is not allowed; allowed: ${issue.values.map(String).join(", ")}`, {
          found: input,
          allowed: issue.values.map(String),
        }),
      ];
    case "invalid_union": {
      const inner = issue.errors.flat().map((e) => e.message);
      return [f("AIP103", path, `${inner.find((m) => m.startsWith("must")) ?? inner.join(" or ")}`, { found: input })];
    }
    default:
      return [f("AIP104", path, `${issue.message}, found ${JSON.stringify(input)}`, { found: input })];
  }
}
