/**
 * A parsed YAML source that can say where a path points: every finding about a document gets the line and column
 * of the value (or, for an unknown field, of its key).
 */
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  parseDocument,
} from "yaml";
import { type Finding, formatPath } from "./findings.js";

/** A YAML document with its positions. */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  /** Line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
  locate(path: readonly PropertyKey[], at?: "key" | "value"): { line: number; column: number } | undefined;
}

const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, strict: true } as const;

/** Parses YAML text keeping positions; YAML errors (syntax, duplicate keys) come back as findings. */
export function parseYamlSource(text: string, file: string): { source: YamlSource; findings: Finding[] } {
  const lineCounter = new LineCounter();
  return sourceOf(parseDocument(text, { lineCounter, ...PARSE_OPTIONS }), lineCounter, file);
}

/**
 * Parses every document of a multi-document YAML text in one pass; lines and columns are those of the whole file.
 * Documents with nothing in them and no error are left out.
 */
export function parseYamlSources(
  text: string,
  file: string,
): { source: YamlSource; findings: Finding[]; index: number }[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, ...PARSE_OPTIONS });
  // A text of only comments or whitespace parses to an empty list, not to a document.
  const list = Array.isArray(docs) ? docs : [];
  return list.flatMap((doc, index) =>
    doc.contents === null && doc.errors.length === 0 ? [] : [{ ...sourceOf(doc, lineCounter, file), index }],
  );
}

function sourceOf(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  file: string,
): { source: YamlSource; findings: Finding[] } {
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const locate: YamlSource["locate"] = (path, at = "value") => {
    let node: unknown = doc.contents;
    let last: { line: number; column: number } | undefined = rangeStart(node, pos);
    for (const [i, seg] of path.entries()) {
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyValue(p.key) === String(seg));
        if (pair === undefined) return last;
        if (isLast && at === "key") return rangeStart(pair.key, pos) ?? last;
        node = pair.value;
        last = rangeStart(pair.value, pos) ?? rangeStart(pair.key, pos) ?? last;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        if (node === undefined) return last;
        last = rangeStart(node, pos) ?? last;
      } else {
        return last;
      }
    }
    return last;
  };
  const source: YamlSource = { file, doc, locate };
  const findings: Finding[] = doc.errors.map((e) => {
    const { line, column } = pos(e.pos[0]);
    const duplicate = e.code === "DUPLICATE_KEY";
    return {
      code: duplicate ? "AIP006" : "AIP001",
      severity: "error",
      path: duplicate ? duplicatePath(doc, e.pos[0]) : "",
      message: duplicate ? duplicateMessage(doc, e.pos[0]) : firstLine(e.message),
      line,
      column,
      file,
    } satisfies Finding;
  });
  return { source, findings };
}

function rangeStart(node: unknown, pos: (offset: number) => { line: number; column: number }) {
  const range = (node as Node | undefined)?.range;
  return range ? pos(range[0]) : undefined;
}

function keyValue(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

/** The path of the map that holds the duplicated key at `offset`, plus the key. */
function duplicatePath(doc: Document.Parsed, offset: number): string {
  const found = findKeyAt(doc.contents, offset, []);
  return found ? formatPath(found) : "";
}

function duplicateMessage(doc: Document.Parsed, offset: number): string {
  const found = findKeyAt(doc.contents, offset, []);
  const key = found?.at(-1);
  if (found && found.length >= 3 && found[0] === "spec" && found[1] === "nodePools") {
    return `duplicate pool name "${String(key)}": each pool needs its own name`;
  }
  return key === undefined ? "duplicate key" : `duplicate key "${String(key)}"`;
}

function findKeyAt(node: unknown, offset: number, path: PropertyKey[]): PropertyKey[] | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = keyValue(pair.key);
      const kr = (pair.key as Node | null)?.range;
      if (kr && kr[0] <= offset && offset <= kr[1]) return [...path, k];
      const inner = findKeyAt(pair.value, offset, [...path, k]);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = findKeyAt(item, offset, [...path, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}
