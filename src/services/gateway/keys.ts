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

/** Valid presented keys remembered at most (a bound, though only configured keys can ever be remembered). */
const MAX_REMEMBERED = 10_000;

/** Finds the principal of a presented key by its hash. */
export class KeyRing {
  private readonly byHash = new Map<string, Principal>();
  /**
   * Presented keys already found valid, so a key is hashed once per process, not on every request. Only keys that
   * matched a configured hash are remembered: unknown keys are hashed each time and cannot grow the map.
   */
  private readonly known = new Map<string, Principal>();

  constructor(config: GatewayConfig) {
    this.update(config);
  }

  /** Replaces the teams and admin keys (a reload); keys remembered as valid are forgotten. */
  update(config: Pick<GatewayConfig, "teams" | "adminKeys">): void {
    this.byHash.clear();
    this.known.clear();
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
    const known = this.known.get(key);
    if (known) return known;
    const principal = this.byHash.get(hashKey(key));
    if (principal) {
      if (this.known.size >= MAX_REMEMBERED) this.known.clear();
      this.known.set(key, principal);
    }
    return principal;
  }
}
