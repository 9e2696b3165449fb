/** Opens the store named by `--db`: `sqlite:PATH` (or a bare path, or `:memory:`) or `postgres://...`. */
import { PostgresStore } from "./postgres-store.js";
import { SqliteStore } from "./sqlite-store.js";
import type { GatewayStore } from "./store.js";

/** Opens and initialises a store from a URL-ish string. @default "sqlite:aiplat-gateway.db" when `db` is unset. */
export async function openStore(db: string | undefined): Promise<GatewayStore> {
  const spec = db ?? "sqlite:aiplat-gateway.db";
  const store: GatewayStore =
    spec.startsWith("postgres://") || spec.startsWith("postgresql://")
      ? new PostgresStore(spec)
      : new SqliteStore(spec.startsWith("sqlite:") ? spec.slice("sqlite:".length) : spec);
  await store.init();
  return store;
}
