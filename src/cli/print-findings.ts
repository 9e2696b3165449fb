/** Prints findings the way compilers do: `file:line:col severity CODE path: message`, then what is allowed. */
import pc from "picocolors";
import type { Finding } from "../spec/index.js";

const MAX_ALLOWED_SHOWN = 12;

/** Formats one finding as text lines (no colour when `color` is false). */
export function formatFinding(f: Finding, color = true): string {
  const c = color ? pc : pc.createColors(false);
  const where = `${f.file ?? "platform.yaml"}${f.line === undefined ? "" : `:${f.line}:${f.column}`}`;
  const sev = f.severity === "error" ? c.red("error") : c.yellow("warning");
  const lines = [`${c.bold(where)} ${sev} ${c.dim(f.code)} ${f.path === "" ? "" : `${c.cyan(f.path)}: `}${f.message}`];
  if (f.allowed && f.allowed.length > 0 && !f.message.includes(f.allowed.slice(0, 3).join(", "))) {
    const shown = f.allowed.slice(0, MAX_ALLOWED_SHOWN).join(", ");
    const more = f.allowed.length > MAX_ALLOWED_SHOWN ? `, … (${f.allowed.length - MAX_ALLOWED_SHOWN} more)` : "";
    lines.push(`    ${c.dim("allowed:")} ${shown}${more}`);
  }
  return lines.join("\n");
}

/** Writes every finding to stderr, then a count line. */
export function printFindings(findings: readonly Finding[]): void {
  if (findings.length === 0) return;
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  process.stderr.write(`${findings.map((f) => formatFinding(f, pc.isColorSupported)).join("\n")}\n`);
  process.stderr.write(`${errors} error(s), ${warnings} warning(s)\n`);
}
