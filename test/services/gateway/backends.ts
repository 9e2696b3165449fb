/**
 * The storage and limiter back ends every stateful suite runs against: embedded (SQLite file + per-process limits)
 * and shared (a real PostgreSQL + a real Redis, started by `.ci/services.sh`). The shared one is skipped with a
 * notice when those servers are not running locally, and required under CI.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POSTGRES_URL, REDIS_URL, serviceAvailable } from "./helpers.js";

/** One back end. */
export interface Backend {
  name: string;
  /** A database for one test: a fresh SQLite file, or the shared PostgreSQL database. */
  db(): string;
  redis: string | undefined;
  enabled: boolean;
}

const dir = mkdtempSync(join(tmpdir(), "aiplat-gw-test-"));
let n = 0;
const pg = await serviceAvailable("PostgreSQL", POSTGRES_URL);
const redis = await serviceAvailable("Redis", REDIS_URL);

/** Embedded and shared back ends. */
export const BACKENDS: Backend[] = [
  {
    name: "sqlite + in-process limits",
    db: () => `sqlite:${join(dir, `gw-${process.pid}-${++n}.db`)}`,
    redis: undefined,
    enabled: true,
  },
  { name: "postgresql + redis", db: () => POSTGRES_URL, redis: REDIS_URL, enabled: pg && redis },
];

/** A suffix unique to this test run, for names in the shared database and Redis. */
export const RUN = `-${process.pid}-${Date.now().toString(36)}`;
