/** Embedded configuration text (device-plugin, mig-parted): built as objects, serialized deterministically. */
import { stringify } from "yaml";

/** YAML text of `value`, keys in insertion order, no line folding: the same object always gives the same bytes. */
export function configText(value: unknown): string {
  return stringify(value, { lineWidth: 0, indent: 2 });
}
