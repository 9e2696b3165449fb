/**
 * Reloading the gateway's configuration when its files (or the API key files its endpoints read) change. The watcher
 * polls each file's identity (inode, size, modification time, or its absence): the kubelet updates a mounted ConfigMap
 * or Secret by swapping a symlink, which a poll sees and an `fs.watch` on the file does not. When any file changed,
 * appeared or went away (optional files), all of them are loaded and checked again and the result handed on: the
 * caller applies a valid configuration and keeps the running one when it is not.
 */
import { existsSync, statSync } from "node:fs";
import { type GatewayConfig, loadGatewayConfig, type ResolvedGatewayConfig } from "./config.js";

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

/** The key files a configuration's endpoints read (`apiKeyFile`). */
export function keyFilesOf(config: GatewayConfig): string[] {
  return [...new Set(config.models.flatMap((m) => m.endpoints.flatMap((e) => (e.apiKeyFile ? [e.apiKeyFile] : []))))];
}

/**
 * Watches configuration files, and the key files the running configuration's endpoints read (a rotated key, such as
 * a Secret the kubelet updates, reloads too). Make it before the configuration is first loaded, so that no change in
 * between is missed, then `follow` the loaded configuration; a process that got its configuration from another (a
 * gateway worker) passes that one's `lastSignature`.
 */
export class ConfigWatcher {
  private configPart: string;
  /** Identities of the followed key files; "" until `follow` (no key files yet) unless a signature was handed. */
  private keyPart = "";
  private keyFiles: readonly string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly sources: ConfigSources,
    initialSignature?: string,
  ) {
    if (initialSignature === undefined) this.configPart = this.configSignature();
    else {
      const handed = JSON.parse(initialSignature) as { config: string; keys: string };
      this.configPart = handed.config;
      this.keyPart = handed.keys;
    }
  }

  /** Watches the key files of `config`, the configuration in use (their state as of now, unless one was handed). */
  follow(config: GatewayConfig): void {
    this.keyFiles = keyFilesOf(config);
    if (this.keyPart === "") this.keyPart = this.keySignature();
  }

  /** The files' identities as of the last check (or of the watcher's making), to hand to another watcher. */
  get lastSignature(): string {
    return JSON.stringify({ config: this.configPart, keys: this.keyPart });
  }

  private configSignature(): string {
    return [...this.sources.files, ...(this.sources.optionalFiles ?? [])].map(identity).join("|");
  }

  private keySignature(): string {
    return this.keyFiles.map(identity).join("|");
  }

  /**
   * Checks the files once: the reloaded configuration when a config file or a followed key file changed since the
   * last check, else undefined.
   */
  check(): ConfigChange | undefined {
    const config = this.configSignature();
    if (config === this.configPart && this.keySignature() === this.keyPart) return undefined;
    this.configPart = config;
    const change = loadConfigSources(this.sources);
    if (change.ok) this.keyFiles = keyFilesOf(change.config);
    this.keyPart = this.keySignature();
    return change;
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
