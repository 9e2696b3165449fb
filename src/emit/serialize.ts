/** Deterministic serialisation: the same objects always give the same bytes. */
import { stringify } from "yaml";

/** Kubernetes objects as one multi-document YAML file. */
export function toYaml(objects: readonly unknown[]): string {
  return objects
    .map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false, sortMapEntries: false }))
    .join("---\n");
}

/** A value as pretty JSON with a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
