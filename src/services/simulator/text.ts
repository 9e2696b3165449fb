/** Deterministic fake text, token counts and embeddings for the simulator. */

const WORDS = ["the", "model", "serves", "tokens", "from", "a", "GPU", "slice", "on", "EKS", "with", "low", "latency"];

/** The i-th fake token (a word with a leading space after the first). */
export function tokenAt(i: number): string {
  const w = WORDS[i % WORDS.length] ?? "x";
  return i === 0 ? w : ` ${w}`;
}

/** A rough prompt token count: one token per four characters, at least one. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The prompt text of a chat or completion request body. */
export function promptText(body: Record<string, unknown>): string {
  if (Array.isArray(body.messages)) {
    let s = "";
    for (const m of body.messages as Array<{ content?: unknown }>) {
      s += typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? "");
    }
    return s;
  }
  if (typeof body.prompt === "string") return body.prompt;
  if (Array.isArray(body.prompt)) return body.prompt.join("");
  return "";
}

/** A deterministic unit-length vector for an input string. */
export function embed(input: string, dimensions: number): number[] {
  let h = 2166136261;
  for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input.charCodeAt(i), 16777619);
  const v: number[] = [];
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    const x = (h / 4294967296) * 2 - 1;
    v.push(x);
    norm += x * x;
  }
  const n = Math.sqrt(norm) || 1;
  return v.map((x) => x / n);
}
