/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode. Usage batches are written by a worker thread
 * (sqlite-usage-writer.ts) so commits and checkpoints never stall requests; prompts and reads use this connection.
 */
import Database from "better-sqlite3";
import { SqliteUsageWriter } from "./sqlite-usage-writer.js";
import type { GatewayStore, LabelAuditRow, PromptVersion, UsageRecord, UsageSummaryRow } from "./store.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS gateway_usage (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms INTEGER NOT NULL, team TEXT NOT NULL, key_id TEXT NOT NULL, model TEXT NOT NULL, endpoint TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, latency_ms REAL NOT NULL, ttft_ms REAL,
  status INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS gateway_usage_time ON gateway_usage (time_ms);
CREATE TABLE IF NOT EXISTS gateway_prompt_versions (
  name TEXT NOT NULL, version INTEGER NOT NULL, messages TEXT NOT NULL, variables TEXT NOT NULL,
  created_at INTEGER NOT NULL, created_by TEXT NOT NULL, PRIMARY KEY (name, version));
CREATE TABLE IF NOT EXISTS gateway_prompt_labels (
  name TEXT NOT NULL, label TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, label));
CREATE TABLE IF NOT EXISTS gateway_prompt_label_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, label TEXT NOT NULL, from_version INTEGER,
  to_version INTEGER NOT NULL, actor TEXT NOT NULL, at_ms INTEGER NOT NULL);
`;

interface VersionRow {
  name: string;
  version: number;
  messages: string;
  variables: string;
  created_at: number;
  created_by: string;
}

const toVersion = (r: VersionRow): PromptVersion => ({
  name: r.name,
  version: r.version,
  messages: JSON.parse(r.messages),
  variables: JSON.parse(r.variables),
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/** A `GatewayStore` in one SQLite file (or `:memory:`). */
export class SqliteStore implements GatewayStore {
  readonly kind = "sqlite";
  private readonly db: Database.Database;
  private writer: SqliteUsageWriter | undefined;

  constructor(private readonly path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
  }

  async init(): Promise<void> {
    this.db.exec(SCHEMA);
    // A file gets a writer thread; an in-memory database exists on this connection only, so it is written here.
    if (this.path !== ":memory:" && this.path !== "") this.writer = new SqliteUsageWriter(this.path);
  }

  async insertUsage(rows: readonly UsageRecord[]): Promise<void> {
    if (this.writer?.alive) return this.writer.insert(rows);
    const stmt = this.db.prepare(
      "INSERT INTO gateway_usage (time_ms, team, key_id, model, endpoint, prompt_tokens, completion_tokens, latency_ms, ttft_ms, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
    );
    this.db.transaction((rs: readonly UsageRecord[]) => {
      for (const r of rs)
        stmt.run(
          r.time,
          r.team,
          r.keyId,
          r.model,
          r.endpoint,
          r.promptTokens,
          r.completionTokens,
          r.latencyMs,
          r.ttftMs,
          r.status,
        );
    })(rows);
  }

  async usageSummary(sinceMs: number): Promise<UsageSummaryRow[]> {
    return this.db
      .prepare(
        `SELECT team, model, COUNT(*) AS requests, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
                SUM(prompt_tokens) AS promptTokens, SUM(completion_tokens) AS completionTokens
         FROM gateway_usage WHERE time_ms >= ? GROUP BY team, model ORDER BY team, model`,
      )
      .all(sinceMs) as UsageSummaryRow[];
  }

  async usageRecords(sinceMs: number, limit: number): Promise<UsageRecord[]> {
    return this.db
      .prepare(
        `SELECT time_ms AS time, team, key_id AS keyId, model, endpoint, prompt_tokens AS promptTokens,
                completion_tokens AS completionTokens, latency_ms AS latencyMs, ttft_ms AS ttftMs, status
         FROM gateway_usage WHERE time_ms >= ? ORDER BY id LIMIT ?`,
      )
      .all(sinceMs, limit) as UsageRecord[];
  }

  async tokensByTeam(sinceMs: number): Promise<Map<string, number>> {
    const rows = this.db
      .prepare(
        "SELECT team, SUM(prompt_tokens + completion_tokens) AS t FROM gateway_usage WHERE time_ms >= ? GROUP BY team",
      )
      .all(sinceMs) as Array<{ team: string; t: number }>;
    return new Map(rows.map((r) => [r.team, r.t]));
  }

  async createPromptVersion(input: Omit<PromptVersion, "version" | "createdAt">): Promise<PromptVersion> {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare("SELECT MAX(version) AS v FROM gateway_prompt_versions WHERE name = ?")
          .get(input.name) as {
          v: number | null;
        };
        const v: PromptVersion = { ...input, version: (row.v ?? 0) + 1, createdAt: Date.now() };
        this.db
          .prepare("INSERT INTO gateway_prompt_versions VALUES (?,?,?,?,?,?)")
          .run(v.name, v.version, JSON.stringify(v.messages), JSON.stringify(v.variables), v.createdAt, v.createdBy);
        return v;
      })
      .immediate();
  }

  async getPromptVersion(name: string, version: number): Promise<PromptVersion | undefined> {
    const r = this.db
      .prepare("SELECT * FROM gateway_prompt_versions WHERE name = ? AND version = ?")
      .get(name, version) as VersionRow | undefined;
    return r ? toVersion(r) : undefined;
  }

  async listPromptVersions(name: string): Promise<PromptVersion[]> {
    const rows = this.db
      .prepare("SELECT * FROM gateway_prompt_versions WHERE name = ? ORDER BY version")
      .all(name) as VersionRow[];
    return rows.map(toVersion);
  }

  async labels(name: string): Promise<Record<string, number>> {
    const rows = this.db.prepare("SELECT label, version FROM gateway_prompt_labels WHERE name = ?").all(name) as Array<{
      label: string;
      version: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.label, r.version]));
  }

  async moveLabel(name: string, label: string, version: number, actor: string): Promise<LabelAuditRow> {
    return this.db
      .transaction(() => {
        const prev = this.db
          .prepare("SELECT version FROM gateway_prompt_labels WHERE name = ? AND label = ?")
          .get(name, label) as { version: number } | undefined;
        this.db
          .prepare(
            "INSERT INTO gateway_prompt_labels VALUES (?,?,?) ON CONFLICT (name, label) DO UPDATE SET version = excluded.version",
          )
          .run(name, label, version);
        const row: LabelAuditRow = {
          name,
          label,
          fromVersion: prev?.version ?? null,
          toVersion: version,
          actor,
          at: Date.now(),
        };
        this.db
          .prepare(
            "INSERT INTO gateway_prompt_label_audit (name, label, from_version, to_version, actor, at_ms) VALUES (?,?,?,?,?,?)",
          )
          .run(name, label, row.fromVersion, version, actor, row.at);
        return row;
      })
      .immediate();
  }

  async labelAudit(name: string): Promise<LabelAuditRow[]> {
    return this.db
      .prepare(
        `SELECT name, label, from_version AS fromVersion, to_version AS toVersion, actor, at_ms AS at
         FROM gateway_prompt_label_audit WHERE name = ? ORDER BY id`,
      )
      .all(name) as LabelAuditRow[];
  }

  async close(): Promise<void> {
    await this.writer?.close();
    this.db.close();
  }
}
