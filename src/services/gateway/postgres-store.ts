/** The store at scale: PostgreSQL through pg, shared by every gateway replica. */
import pg from "pg";
import type { GatewayStore, LabelAuditRow, PromptVersion, UsageRecord, UsageSummaryRow } from "./store.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS gateway_usage (
  id BIGSERIAL PRIMARY KEY,
  time_ms BIGINT NOT NULL, team TEXT NOT NULL, key_id TEXT NOT NULL, model TEXT NOT NULL, endpoint TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, latency_ms DOUBLE PRECISION NOT NULL,
  ttft_ms DOUBLE PRECISION, status INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS gateway_usage_time ON gateway_usage (time_ms);
CREATE TABLE IF NOT EXISTS gateway_prompt_versions (
  name TEXT NOT NULL, version INTEGER NOT NULL, messages JSONB NOT NULL, variables JSONB NOT NULL,
  created_at BIGINT NOT NULL, created_by TEXT NOT NULL, PRIMARY KEY (name, version));
CREATE TABLE IF NOT EXISTS gateway_prompt_labels (
  name TEXT NOT NULL, label TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, label));
CREATE TABLE IF NOT EXISTS gateway_prompt_label_audit (
  id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, label TEXT NOT NULL, from_version INTEGER,
  to_version INTEGER NOT NULL, actor TEXT NOT NULL, at_ms BIGINT NOT NULL);
`;

interface VersionRow {
  name: string;
  version: number;
  messages: PromptVersion["messages"];
  variables: PromptVersion["variables"];
  created_at: string;
  created_by: string;
}

const toVersion = (r: VersionRow): PromptVersion => ({
  name: r.name,
  version: r.version,
  messages: r.messages,
  variables: r.variables,
  createdAt: Number(r.created_at),
  createdBy: r.created_by,
});

/** A `GatewayStore` in PostgreSQL. */
export class PostgresStore implements GatewayStore {
  readonly kind = "postgres";
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
  }

  async init(): Promise<void> {
    const c = await this.pool.connect();
    try {
      // Several replicas may start at once: serialise the DDL.
      await c.query("SELECT pg_advisory_lock(874211)");
      await c.query(SCHEMA);
    } finally {
      await c.query("SELECT pg_advisory_unlock(874211)").catch(() => {});
      c.release();
    }
  }

  async insertUsage(rows: readonly UsageRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(
      `INSERT INTO gateway_usage (time_ms, team, key_id, model, endpoint, prompt_tokens, completion_tokens, latency_ms, ttft_ms, status)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[],
                            $8::float8[], $9::float8[], $10::int[])`,
      [
        rows.map((r) => r.time),
        rows.map((r) => r.team),
        rows.map((r) => r.keyId),
        rows.map((r) => r.model),
        rows.map((r) => r.endpoint),
        rows.map((r) => r.promptTokens),
        rows.map((r) => r.completionTokens),
        rows.map((r) => r.latencyMs),
        rows.map((r) => r.ttftMs),
        rows.map((r) => r.status),
      ],
    );
  }

  async usageSummary(sinceMs: number): Promise<UsageSummaryRow[]> {
    const r = await this.pool.query(
      `SELECT team, model, COUNT(*)::int AS requests, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END)::int AS errors,
              SUM(prompt_tokens)::int AS "promptTokens", SUM(completion_tokens)::int AS "completionTokens"
       FROM gateway_usage WHERE time_ms >= $1 GROUP BY team, model ORDER BY team, model`,
      [sinceMs],
    );
    return r.rows as UsageSummaryRow[];
  }

  async usageRecords(sinceMs: number, limit: number): Promise<UsageRecord[]> {
    const r = await this.pool.query(
      `SELECT time_ms::float8 AS time, team, key_id AS "keyId", model, endpoint, prompt_tokens AS "promptTokens",
              completion_tokens AS "completionTokens", latency_ms AS "latencyMs", ttft_ms AS "ttftMs", status
       FROM gateway_usage WHERE time_ms >= $1 ORDER BY id LIMIT $2`,
      [sinceMs, limit],
    );
    return r.rows as UsageRecord[];
  }

  async tokensByTeam(sinceMs: number): Promise<Map<string, number>> {
    const r = await this.pool.query(
      "SELECT team, SUM(prompt_tokens + completion_tokens)::float8 AS t FROM gateway_usage WHERE time_ms >= $1 GROUP BY team",
      [sinceMs],
    );
    return new Map(r.rows.map((x: { team: string; t: number }) => [x.team, x.t]));
  }

  async createPromptVersion(input: Omit<PromptVersion, "version" | "createdAt">): Promise<PromptVersion> {
    return this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [input.name]);
      const r = await c.query("SELECT COALESCE(MAX(version), 0) AS v FROM gateway_prompt_versions WHERE name = $1", [
        input.name,
      ]);
      const v: PromptVersion = { ...input, version: Number(r.rows[0].v) + 1, createdAt: Date.now() };
      await c.query("INSERT INTO gateway_prompt_versions VALUES ($1,$2,$3,$4,$5,$6)", [
        v.name,
        v.version,
        JSON.stringify(v.messages),
        JSON.stringify(v.variables),
        v.createdAt,
        v.createdBy,
      ]);
      return v;
    });
  }

  async getPromptVersion(name: string, version: number): Promise<PromptVersion | undefined> {
    const r = await this.pool.query("SELECT * FROM gateway_prompt_versions WHERE name = $1 AND version = $2", [
      name,
      version,
    ]);
    return r.rows[0] ? toVersion(r.rows[0] as VersionRow) : undefined;
  }

  async listPromptVersions(name: string): Promise<PromptVersion[]> {
    const r = await this.pool.query("SELECT * FROM gateway_prompt_versions WHERE name = $1 ORDER BY version", [name]);
    return (r.rows as VersionRow[]).map(toVersion);
  }

  async labels(name: string): Promise<Record<string, number>> {
    const r = await this.pool.query("SELECT label, version FROM gateway_prompt_labels WHERE name = $1", [name]);
    return Object.fromEntries(r.rows.map((x: { label: string; version: number }) => [x.label, x.version]));
  }

  async moveLabel(name: string, label: string, version: number, actor: string): Promise<LabelAuditRow> {
    return this.tx(async (c) => {
      const prev = await c.query(
        "SELECT version FROM gateway_prompt_labels WHERE name = $1 AND label = $2 FOR UPDATE",
        [name, label],
      );
      await c.query(
        "INSERT INTO gateway_prompt_labels VALUES ($1,$2,$3) ON CONFLICT (name, label) DO UPDATE SET version = excluded.version",
        [name, label, version],
      );
      const row: LabelAuditRow = {
        name,
        label,
        fromVersion: prev.rows[0]?.version ?? null,
        toVersion: version,
        actor,
        at: Date.now(),
      };
      await c.query(
        "INSERT INTO gateway_prompt_label_audit (name, label, from_version, to_version, actor, at_ms) VALUES ($1,$2,$3,$4,$5,$6)",
        [name, label, row.fromVersion, version, actor, row.at],
      );
      return row;
    });
  }

  async labelAudit(name: string): Promise<LabelAuditRow[]> {
    const r = await this.pool.query(
      `SELECT name, label, from_version AS "fromVersion", to_version AS "toVersion", actor, at_ms::float8 AS at
       FROM gateway_prompt_label_audit WHERE name = $1 ORDER BY id`,
      [name],
    );
    return r.rows as LabelAuditRow[];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (err) {
      await c.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }
}
