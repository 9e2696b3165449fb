/** API keys: stored as SHA-256 hashes only, each mapped to a team (or to the admin role). */
import { createHash } from "node:crypto";
import type { GatewayConfig, TeamConfig } from "./config.js";

/** Who a key belongs to. */
export interface Principal {
  keyId: string;
  team: TeamConfig | undefined;
  admin: boolean;
  /** Allowed models as a set; undefined means all. */
  allowed: ReadonlySet<string> | undefined;
}

/** The lowercase hex SHA-256 of a key, as the config stores it. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Finds the principal of a presented key by its hash. */
export class KeyRing {
  private readonly byHash = new Map<string, Principal>();

  constructor(config: GatewayConfig) {
    for (const team of config.teams) {
      const allowed = team.models.includes("*") ? undefined : new Set(team.models);
      for (const k of team.keys) this.byHash.set(k.sha256, { keyId: k.id, team, admin: false, allowed });
    }
    for (const k of config.adminKeys)
      this.byHash.set(k.sha256, { keyId: k.id, team: undefined, admin: true, allowed: undefined });
  }

  /** The principal of an `Authorization: Bearer <key>` header value, or undefined. */
  authenticate(authorization: string | undefined): Principal | undefined {
    if (!authorization?.startsWith("Bearer ")) return undefined;
    const key = authorization.slice(7).trim();
    if (key.length === 0) return undefined;
    return this.byHash.get(hashKey(key));
  }
}
