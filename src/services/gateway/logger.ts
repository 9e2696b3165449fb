/** JSON logs through pino. Prompt and completion text stay out unless `logBodies` is set. */
import { type Logger, pino } from "pino";

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** @default "info" */
  level?: string;
  /** Where to write; @default process.stdout (file descriptor 1) */
  destination?: NodeJS.WritableStream;
}

/** Creates the gateway's logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  return options.destination
    ? pino({ level, base: { service: "aiplat-gateway" } }, options.destination)
    : pino({ level, base: { service: "aiplat-gateway" } }, pino.destination({ dest: 1, sync: false }));
}

export type { Logger };
