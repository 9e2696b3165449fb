/**
 * Kubernetes manifests from multi-document YAML (e.g. `helm template` output, `kubectl get -o yaml` Lists), with the
 * line and column of any JSON path, computed only when a finding asks for it. Pure: takes text.
 *
 * Two parsers, for speed: js-yaml reads the objects (about ten times faster than `yaml` on large inputs, which is what
 * `aiplat check` over thousands of objects spends its time on); `yaml`, which keeps source positions, re-reads a
 * file only when one of its objects has a finding to locate, or when js-yaml reports a syntax error.
 */
import { CORE_SCHEMA, loadAll } from "js-yaml";
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import type { Finding } from "../spec/index.js";

/** One object read from a manifest file. */
export interface ManifestObject {
  readonly object: Record<string, unknown>;
  readonly file: string;
  /** Line and column (1-based) of `path` inside this object, or of its nearest existing ancestor. */
  locate(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

/** JSON Pointer segments (RFC 6901 unescaped). */
export function pointerSegments(pointer: string): string[] {
  return pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** What parsing a manifest file gives. */
export interface ParsedManifests {
  readonly objects: readonly ManifestObject[];
  /** YAML syntax errors (AIP001), located. */
  readonly findings: readonly Finding[];
}

/** Parses every document of `text`; `List` objects are expanded into their items. */
export function parseManifests(text: string, file: string): ParsedManifests {
  let docs: unknown[];
  try {
    // CORE_SCHEMA: YAML 1.2 core types, as Kubernetes reads them (no timestamps turned into Dates, no merge keys).
    docs = loadAll(text, undefined, { schema: CORE_SCHEMA, filename: file });
  } catch {
    return { objects: [], findings: syntaxFindings(text, file) };
  }
  let positions: { docs: Document.Parsed[]; lc: LineCounter } | undefined;
  const located = (index: number, prefix: readonly (string | number)[]) => (path: readonly (string | number)[]) => {
    if (positions === undefined) {
      const lc = new LineCounter();
      positions = { docs: parseAllDocuments(text, { lineCounter: lc }) as Document.Parsed[], lc };
    }
    const doc = positions.docs[index];
    return doc === undefined ? undefined : locateIn(doc, [...prefix, ...path], positions.lc);
  };
  const objects: ManifestObject[] = [];
  for (const [index, value] of docs.entries()) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
    const obj = value as Record<string, unknown>;
    if (obj.kind === "List" && Array.isArray(obj.items)) {
      for (const [i, item] of obj.items.entries())
        if (item !== null && typeof item === "object")
          objects.push({ object: item, file, locate: located(index, ["items", i]) });
    } else objects.push({ object: obj, file, locate: located(index, []) });
  }
  return { objects, findings: [] };
}

/** Every syntax error of `text`, located by the `yaml` parser. */
function syntaxFindings(text: string, file: string): Finding[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  const errors = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => ("errors" in d ? d.errors : []));
  const found = errors.map((e): Finding => {
    const p = lc.linePos(e.pos[0]);
    const message = e.message.split("\n")[0] ?? e.message;
    return { code: "AIP001", severity: "error", path: "", message, file, line: p.line, column: p.col };
  });
  return found.length > 0 ? found : [{ code: "AIP001", severity: "error", path: "", message: "invalid YAML", file }];
}

function locateIn(doc: Document, path: readonly (string | number)[], lc: LineCounter) {
  let node: unknown = doc.contents;
  let last = start(node, lc);
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) return last;
      node = pair.value;
      last = start(pair.value, lc) ?? start(pair.key, lc) ?? last;
    } else if (isSeq(node) && Number.isInteger(Number(seg))) {
      node = node.items[Number(seg)];
      if (node === undefined) return last;
      last = start(node, lc) ?? last;
    } else return last;
  }
  return last;
}

function start(node: unknown, lc: LineCounter) {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  if (!range) return undefined;
  const p = lc.linePos(range[0]);
  return { line: p.line, column: p.col };
}
