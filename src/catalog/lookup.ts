/** A fact lookup failed: the key is not in the table. Lists the keys that are. */
export class UnknownFactError extends Error {
  override readonly name = "UnknownFactError";
  constructor(
    readonly table: string,
    readonly key: string,
    readonly known: readonly string[],
  ) {
    super(`unknown ${table} "${key}"; known: ${known.join(", ")}`);
  }
}

/** Reads `key` from a fact table, throwing an error that lists the known keys when it is absent. */
export function lookup<T>(table: string, rows: Readonly<Record<string, T>>, key: string): T {
  if (Object.hasOwn(rows, key)) return rows[key] as T;
  throw new UnknownFactError(table, key, Object.keys(rows));
}
