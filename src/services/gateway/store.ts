/** The gateway's database: usage records and prompts (versions, labels, label audit), in SQLite or PostgreSQL. */

/** One metered request. */
export interface UsageRecord {
  /** Start time, ms since the epoch. */
  time: number;
  team: string;
  keyId: string;
  model: string;
  /** Origin of the endpoint that answered ("" when none did). */
  endpoint: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Time to the first byte of the upstream body; null when there was none. */
  ttftMs: number | null;
  status: number;
}

/** Usage summed by team and model. */
export interface UsageSummaryRow {
  team: string;
  model: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
}

/** A variable a prompt declares. */
export interface PromptVariable {
  type: "string" | "number" | "boolean" | "array" | "object";
  /** @default true */
  required?: boolean;
}

/** A chat message whose content is a Jinja template. */
export interface PromptMessage {
  role: "system" | "user" | "assistant" | "developer";
  content: string;
}

/** One immutable version of a prompt. */
export interface PromptVersion {
  name: string;
  version: number;
  messages: PromptMessage[];
  variables: Record<string, PromptVariable>;
  createdAt: number;
  createdBy: string;
}

/** One move of a label. */
export interface LabelAuditRow {
  name: string;
  label: string;
  fromVersion: number | null;
  toVersion: number;
  actor: string;
  at: number;
}

/** What the gateway needs from a database. */
export interface GatewayStore {
  /** "sqlite" or "postgres". */
  readonly kind: string;
  /** Creates the tables if missing. */
  init(): Promise<void>;
  insertUsage(rows: readonly UsageRecord[]): Promise<void>;
  /** Usage since a time, by team and model. */
  usageSummary(sinceMs: number): Promise<UsageSummaryRow[]>;
  /** Every usage record since a time, oldest first (for tests and exports), at most `limit`. */
  usageRecords(sinceMs: number, limit: number): Promise<UsageRecord[]>;
  /** Tokens used since a time, by team (to seed daily budgets at start-up). */
  tokensByTeam(sinceMs: number): Promise<Map<string, number>>;
  createPromptVersion(input: Omit<PromptVersion, "version" | "createdAt">): Promise<PromptVersion>;
  getPromptVersion(name: string, version: number): Promise<PromptVersion | undefined>;
  listPromptVersions(name: string): Promise<PromptVersion[]>;
  labels(name: string): Promise<Record<string, number>>;
  /** Points a label at an existing version and records who did it; returns the audit row. */
  moveLabel(name: string, label: string, version: number, actor: string): Promise<LabelAuditRow>;
  labelAudit(name: string): Promise<LabelAuditRow[]>;
  close(): Promise<void>;
}
