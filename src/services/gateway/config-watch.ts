/**
 * Reloading the gateway's configuration when its files change. The watcher polls each file's identity (inode, size,
 * modification time, or its absence): the kubelet updates a mounted ConfigMap or Secret by swapping a symlink, which a
 * poll sees and an `fs.watch` on the file does not. When any file changed, appeared or went away (optional files), all
 * of them are loaded and checked again and the result handed on: the caller applies a valid configuration and keeps
 * the running one when it is not.
 */
import { existsSync, statSync } from "node:fs";
import { loadGatewayConfig, type ResolvedGatewayConfig } from "./config.js";

/** The files a gateway's configuration comes from. */
export interface ConfigSources {
  /** Files that must exist. */
  readonly files: readonly string[];
  /** Files merged when present (e.g. a ConfigMap mounted as optional). */
  readonly optionalFiles?: readonly string[];
}

/** What a check found after a change. */
export type ConfigChange = ResolvedGatewayConfig;

function identity(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return "absent";
  }
}

/** Loads the configuration from its sources: the required files, then the optional ones that exist. */
export function loadConfigSources(sources: ConfigSources): ConfigChange {
  const present = (sources.optionalFiles ?? []).filter((f) => existsSync(f));
  return loadGatewayConfig([...sources.files, ...present]);
}

/**
 * Watches configuration files. Make it before the configuration is first loaded, so that no change in between is
 * missed; a process that got its configuration from another (a gateway worker) passes that one's `signature()`.
 */
export class ConfigWatcher {
  private last: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly sources: ConfigSources,
    initialSignature?: string,
  ) {
    this.last = initialSignature ?? this.signature();
  }

  /** The files' identities as of the last check (or of the watcher's making). */
  get lastSignature(): string {
    return this.last;
  }

  private signature(): string {
    return [...this.sources.files, ...(this.sources.optionalFiles ?? [])].map(identity).join("|");
  }

  /** Checks the files once: the reloaded configuration when any changed since the last check, else undefined. */
  check(): ConfigChange | undefined {
    const now = this.signature();
    if (now === this.last) return undefined;
    this.last = now;
    return loadConfigSources(this.sources);
  }

  /** Checks every `intervalMs` and hands each change to `onChange`; the timer does not keep the process alive. */
  start(intervalMs: number, onChange: (change: ConfigChange) => void): void {
    this.stop();
    this.timer = setInterval(() => {
      const change = this.check();
      if (change) onChange(change);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
