/**
 * Kubernetes manifests from multi-document YAML (e.g. `helm template` output, `kubectl get -o yaml` Lists), with the
 * line and column of any JSON path, computed only when a finding asks for it. Pure: takes text.
 */
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
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const docList = Array.isArray(docs) ? docs : [];
  const objects: ManifestObject[] = [];
  const findings: Finding[] = [];
  for (const doc of docList) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const p = lineCounter.linePos(e.pos[0]);
        findings.push({
          code: "AIP001",
          severity: "error",
          path: "",
          message: e.message.split("\n")[0] ?? e.message,
          file,
          line: p.line,
          column: p.col,
        });
      }
      continue;
    }
    const value = doc.toJS() as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
    const obj = value as Record<string, unknown>;
    const at = (prefix: readonly (string | number)[]) => (path: readonly (string | number)[]) =>
      locateIn(doc, [...prefix, ...path], lineCounter);
    if (obj.kind === "List" && Array.isArray(obj.items)) {
      for (const [i, item] of obj.items.entries())
        if (item !== null && typeof item === "object") objects.push({ object: item, file, locate: at(["items", i]) });
    } else objects.push({ object: obj, file, locate: at([]) });
  }
  return { objects, findings };
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
