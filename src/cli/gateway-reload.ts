/**
 * Reloading a running gateway when its configuration files change (`aiplat serve gateway --reload-interval`), for the
 * single process and for each worker alike: valid changes are applied, invalid ones reported while the running
 * configuration stays.
 */
import type { ConfigChange, ConfigWatcher } from "../services/gateway/config-watch.js";
import type { ConfigFinding, Gateway } from "../services/gateway/index.js";

/** Findings as lines a user reads: code, file, field and message. */
export function formatFindings(findings: readonly ConfigFinding[]): string {
  return findings.map((f) => `  ${f.code} ${f.file}${f.path ? ` at ${f.path}` : ""}: ${f.message}`).join("\n");
}

/** Warnings as lines after a message (nothing when there are none). */
export function warningLines(warnings: readonly ConfigFinding[]): string {
  return warnings.length > 0 ? `\naiplat gateway: warning:\n${formatFindings(warnings)}` : "";
}

const NOT_APPLIED = "aiplat gateway: config change not applied; the running config stays:";

/** What a user sees of a change. */
export function describeChange(change: ConfigChange, gw: Pick<Gateway, "reload">): string {
  if (!change.ok) return `${NOT_APPLIED}\n${formatFindings(change.findings)}`;
  let r: ReturnType<Gateway["reload"]>;
  try {
    r = gw.reload(change.config);
  } catch (err) {
    // e.g. an endpoint's apiKeyFile that cannot be read: nothing was applied (routes are swapped only when all built).
    return `${NOT_APPLIED} ${err instanceof Error ? err.message : String(err)}`;
  }
  const list = (xs: string[]) => (xs.length > 0 ? xs.join(", ") : "none");
  return (
    `aiplat gateway: config reloaded (models added: ${list(r.modelsAdded)}; removed: ${list(r.modelsRemoved)}; ` +
    `${r.teams} team(s))` +
    (r.restartNeeded.length > 0
      ? `; changed settings that apply at the next start: ${r.restartNeeded.join(", ")}`
      : "") +
    warningLines(change.warnings)
  );
}

/** Checks `watcher` every `intervalMs` (0: never) and reloads `gw` on each change; returns a stop function. */
export function reloadOnChange(
  gw: Pick<Gateway, "reload">,
  watcher: ConfigWatcher,
  intervalMs: number,
  log: (line: string) => void,
): () => void {
  if (intervalMs <= 0) return () => {};
  watcher.start(intervalMs, (change) => log(describeChange(change, gw)));
  return () => watcher.stop();
}
