/** JSON logs through pino. Prompt and completion text stay out unless `logBodies` is set. */
import { type DestinationStream, type Logger, pino } from "pino";

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** @default "info" */
  level?: string;
  /** Where to write; @default process.stdout (file descriptor 1) */
  destination?: NodeJS.WritableStream;
}

/** What `LineBatcher` writes to: pino's asynchronous stdout stream (sonic-boom). */
interface Sink {
  write(data: string): boolean;
  flush(cb?: (err?: Error | null) => void): void;
  flushSync(): void;
}

/**
 * Characters of log lines gathered before they are written: about 150 request lines. Each write goes through libuv's
 * thread pool (a hand-off and a wake-up), which cost about 4 µs per request at 8 KiB batches.
 */
export const BATCH_CHARS = 65_536;
/** sonic-boom's largest single write (its default is 16 KiB), so a batch (UTF-8 may be longer) leaves in one write. */
const MAX_WRITE_BYTES = 4 * BATCH_CHARS;
/** Longest a log line waits to be written, ms. */
const FLUSH_MS = 100;

/** Every batcher, to write out on exit (one `exit` listener for all; weak, so a dropped logger can be collected). */
const batchers = new Set<WeakRef<LineBatcher>>();

/**
 * Gathers the lines pino writes and hands them to the stream in batches of about `BATCH_CHARS`, or `FLUSH_MS` after the
 * first line of a batch, whichever comes first; on exit, whatever is queued is written synchronously. Written line by
 * line, the stream issued a write (through libuv's thread pool) per few lines and computed `Buffer.byteLength` of all
 * it had queued (flattened, up to 16 KiB) for every line while a write was in flight: more CPU than formatting them.
 */
export class LineBatcher implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sink: Sink) {
    if (batchers.size === 0)
      process.once("exit", () => {
        for (const ref of batchers)
          try {
            ref.deref()?.flushSync();
          } catch {
            // stdout gone: nothing more to do.
          }
      });
    batchers.add(new WeakRef(this));
  }

  write(line: string): boolean {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= BATCH_CHARS) this.drain();
    else if (!this.timer) {
      this.timer = setTimeout(this.drain, FLUSH_MS);
      this.timer.unref();
    }
    return true;
  }

  /** Hands the queued lines to the stream. */
  readonly drain = (): void => {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.lines.length === 0) return;
    const data = this.lines.length === 1 ? this.lines[0]! : this.lines.join("");
    this.lines = [];
    this.chars = 0;
    this.sink.write(data);
  };

  /** Hands the queued lines to the stream and asks it to write them out (pino's `logger.flush`). */
  flush(cb?: (err?: Error | null) => void): void {
    this.drain();
    this.sink.flush(cb);
  }

  flushSync(): void {
    this.drain();
    this.sink.flushSync();
  }
}

/** The fields every line of the gateway's logger carries after `time` (pino's `base`). */
const BASE = { service: "aiplat-gateway" } as const;

/** Where the loggers `createLogger` made write, and their bindings as pino writes them after `time`. */
const plain = new WeakMap<Logger, { stream: DestinationStream; bindings: string }>();

/**
 * The destination of a logger made by `createLogger`, for writers that format their own lines exactly as pino would
 * (see request-log.ts); undefined for any other logger.
 */
export function plainDestination(logger: Logger): { stream: DestinationStream; bindings: string } | undefined {
  return plain.get(logger);
}

/** Creates the gateway's logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const stream: DestinationStream =
    (options.destination as DestinationStream | undefined) ??
    new LineBatcher(pino.destination({ dest: 1, sync: false, maxWrite: MAX_WRITE_BYTES }) as unknown as Sink);
  const logger = pino({ level, base: BASE }, stream);
  plain.set(logger, { stream, bindings: `,${JSON.stringify(BASE).slice(1, -1)}` });
  return logger;
}

export type { Logger };
