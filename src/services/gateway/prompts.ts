/**
 * Prompt management: validating new versions, checking a request's variables against what the version declares,
 * rendering its messages with Jinja (@huggingface/jinja), and resolving `{name, label|version}` through a short cache.
 */
import { Template } from "@huggingface/jinja";
import { type GatewayError, gatewayError } from "./errors.js";
import type { GatewayStore, PromptMessage, PromptVariable, PromptVersion } from "./store.js";

const ROLES = new Set(["system", "user", "assistant", "developer"]);
const TYPES = new Set(["string", "number", "boolean", "array", "object"]);
/** Prompt names: lowercase words joined by `-`, `_` or `.`; labels the same. */
export const PROMPT_NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Checks a new version's body; returns the parsed messages and variables or an error. */
export function parsePromptVersion(
  body: unknown,
): { messages: PromptMessage[]; variables: Record<string, PromptVariable> } | GatewayError {
  const b = body as { messages?: unknown; variables?: unknown } | null;
  if (!b || !Array.isArray(b.messages) || b.messages.length === 0)
    return gatewayError(400, "invalid_prompt", "`messages` must be a non-empty array of {role, content}", {
      param: "messages",
    });
  const messages: PromptMessage[] = [];
  for (const [i, m] of (b.messages as Array<{ role?: unknown; content?: unknown }>).entries()) {
    if (typeof m?.role !== "string" || !ROLES.has(m.role) || typeof m.content !== "string")
      return gatewayError(
        400,
        "invalid_prompt",
        `messages[${i}] needs a role (${[...ROLES].join(", ")}) and string content`,
        {
          param: `messages[${i}]`,
        },
      );
    try {
      new Template(m.content);
    } catch (err) {
      return gatewayError(
        400,
        "invalid_template",
        `messages[${i}].content is not a valid template: ${(err as Error).message}`,
        {
          param: `messages[${i}].content`,
        },
      );
    }
    messages.push({ role: m.role as PromptMessage["role"], content: m.content });
  }
  const variables: Record<string, PromptVariable> = {};
  if (b.variables !== undefined) {
    if (typeof b.variables !== "object" || b.variables === null || Array.isArray(b.variables))
      return gatewayError(400, "invalid_prompt", "`variables` must be an object of {type, required}", {
        param: "variables",
      });
    for (const [k, v] of Object.entries(b.variables as Record<string, { type?: unknown; required?: unknown }>)) {
      if (typeof v?.type !== "string" || !TYPES.has(v.type))
        return gatewayError(400, "invalid_prompt", `variables.${k}.type must be one of ${[...TYPES].join(", ")}`, {
          param: `variables.${k}`,
        });
      variables[k] = { type: v.type as PromptVariable["type"], required: v.required !== false };
    }
  }
  return { messages, variables };
}

const typeOf = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

/** Checks variables against a version's declarations: every required one present, types right, no unknown ones. */
export function checkVariables(version: PromptVersion, vars: Record<string, unknown>): GatewayError | undefined {
  for (const [k, spec] of Object.entries(version.variables)) {
    if (!(k in vars)) {
      if (spec.required !== false)
        return gatewayError(
          400,
          "missing_variable",
          `prompt ${version.name} v${version.version} needs variable "${k}"`,
          {
            param: `prompt.variables.${k}`,
          },
        );
      continue;
    }
    if (typeOf(vars[k]) !== spec.type)
      return gatewayError(400, "invalid_variable", `variable "${k}" must be a ${spec.type}, got ${typeOf(vars[k])}`, {
        param: `prompt.variables.${k}`,
      });
  }
  for (const k of Object.keys(vars))
    if (!(k in version.variables))
      return gatewayError(
        400,
        "unknown_variable",
        `prompt ${version.name} v${version.version} declares no variable "${k}"`,
        {
          param: `prompt.variables.${k}`,
        },
      );
  return undefined;
}

/** Renders a version's messages with the variables (validated first). */
export function renderPrompt(version: PromptVersion, vars: Record<string, unknown>): PromptMessage[] | GatewayError {
  const bad = checkVariables(version, vars);
  if (bad) return bad;
  try {
    return version.messages.map((m) => ({ role: m.role, content: new Template(m.content).render(vars) }));
  } catch (err) {
    return gatewayError(
      400,
      "render_failed",
      `rendering prompt ${version.name} v${version.version} failed: ${(err as Error).message}`,
      {
        param: "prompt",
      },
    );
  }
}

/** A reference to a prompt in a request: by label or by version. */
export interface PromptRef {
  name: string;
  label?: string;
  version?: number;
  variables?: Record<string, unknown>;
}

/** Resolves prompt references against the store, caching versions (immutable) and labels (for `labelTtlMs`). */
export class PromptResolver {
  private readonly versions = new Map<string, PromptVersion>();
  private readonly labelCache = new Map<string, { version: number | undefined; until: number }>();

  constructor(
    readonly store: GatewayStore,
    /** How long a label lookup is reused; label moves on another replica show after at most this. @default 2000 */
    private readonly labelTtlMs = 2_000,
  ) {}

  /** Forgets a cached label (after this process moved it). */
  invalidate(name: string, label: string): void {
    this.labelCache.delete(`${name}\u0000${label}`);
  }

  /** The version a reference names, or an error (404 when the prompt, label or version is unknown). */
  async resolve(ref: PromptRef, now: number): Promise<PromptVersion | GatewayError> {
    let version = ref.version;
    if (version === undefined) {
      const label = ref.label ?? "production";
      const key = `${ref.name}\u0000${label}`;
      const c = this.labelCache.get(key);
      if (c && c.until > now) version = c.version;
      else {
        version = (await this.store.labels(ref.name))[label];
        this.labelCache.set(key, { version, until: now + this.labelTtlMs });
      }
      if (version === undefined)
        return gatewayError(404, "prompt_not_found", `prompt "${ref.name}" has no label "${label}"`, {
          param: "prompt.label",
        });
    }
    const key = `${ref.name}\u0000${version}`;
    let v = this.versions.get(key);
    if (!v) {
      v = await this.store.getPromptVersion(ref.name, version);
      if (!v)
        return gatewayError(404, "prompt_not_found", `prompt "${ref.name}" has no version ${version}`, {
          param: "prompt.version",
        });
      this.versions.set(key, v);
    }
    return v;
  }
}

/** Reads `prompt` from a request body; undefined when absent, an error when malformed. */
export function readPromptRef(p: unknown): PromptRef | GatewayError | undefined {
  if (p === undefined) return undefined;
  const r = p as PromptRef | null;
  if (!r || typeof r !== "object" || typeof r.name !== "string")
    return gatewayError(400, "invalid_prompt_ref", "`prompt` must be {name, label?, version?, variables?}", {
      param: "prompt",
    });
  if (r.version !== undefined && (!Number.isInteger(r.version) || r.version < 1))
    return gatewayError(400, "invalid_prompt_ref", "`prompt.version` must be a positive integer", {
      param: "prompt.version",
    });
  if (
    r.variables !== undefined &&
    (typeof r.variables !== "object" || r.variables === null || Array.isArray(r.variables))
  )
    return gatewayError(400, "invalid_prompt_ref", "`prompt.variables` must be an object", {
      param: "prompt.variables",
    });
  return r;
}
