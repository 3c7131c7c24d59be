// Codex token accounting -> protocol job.usage.
//
// Codex reports OpenAI-style counts: `input_tokens` INCLUDES the cached input (`cached_input_tokens` is a
// subset of it) and `output_tokens` includes `reasoning_output_tokens`. The protocol's `input_tokens`
// EXCLUDES cached tokens, so: input_tokens = input - cached - cache_write, cache_read_tokens = cached,
// cache_write_tokens = cache_write (assumed, like cached, to be part of the input count), output_tokens =
// output. Rollout `token_count.info.total_token_usage` and `codex exec --json` `turn.completed.usage` are
// CUMULATIVE for the thread; they are often written twice, and `info` may be null. CumulativeTracker turns
// them into deltas.
import { isObj, type Obj } from "./util";

export type Tokens = { input: number; cached: number; output: number; reasoning: number; cacheWrite: number };

const ZERO: Tokens = { input: 0, cached: 0, output: 0, reasoning: 0, cacheWrite: 0 };

function count(o: Obj, keys: string[]): number | undefined {
  for (const k of keys) {
    const v = o[k];
    const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
    // a count beyond 2^53 is garbage, not tokens
    if (typeof n === "number" && Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER)
      return Math.max(0, Math.round(n));
  }
  return undefined;
}

/** Reads a Codex usage object (current and legacy field names); null when it holds no counts. */
export function readTokens(v: unknown): Tokens | null {
  if (!isObj(v)) return null;
  const input = count(v, ["input_tokens", "prompt_tokens", "prompt", "input"]);
  const output = count(v, ["output_tokens", "completion_tokens", "completion", "output"]);
  if (input === undefined && output === undefined) return null;
  const details = isObj(v.input_tokens_details) ? v.input_tokens_details : {};
  const t: Tokens = {
    input: input ?? 0,
    cached:
      count(v, ["cached_input_tokens", "cache_read_input_tokens", "cached_tokens"]) ??
      count(details, ["cached_tokens"]) ??
      0,
    output: output ?? 0,
    reasoning: count(v, ["reasoning_output_tokens", "reasoning_tokens"]) ?? 0,
    cacheWrite: count(v, ["cache_write_input_tokens", "cache_creation_input_tokens"]) ?? 0,
  };
  // Codex's output count includes reasoning (total = input + output). If a producer reported reasoning
  // on top of output instead (total = input + output + reasoning), fold it in.
  const total = count(v, ["total_tokens"]);
  if (
    total !== undefined &&
    t.reasoning > 0 &&
    total !== t.input + t.output &&
    total === t.input + t.output + t.reasoning
  )
    t.output += t.reasoning;
  return t;
}

const same = (a: Tokens, b: Tokens) =>
  a.input === b.input && a.cached === b.cached && a.output === b.output && a.cacheWrite === b.cacheWrite;

const nonZero = (t: Tokens) => t.input > 0 || t.cached > 0 || t.output > 0 || t.cacheWrite > 0;

/**
 * Successive cumulative totals -> deltas. A total equal to the previous one is a repeat (null). A total
 * lower than the previous one in any field means the counter restarted (a resumed session in older
 * versions): the new total is then itself the delta. Deltas are never negative; all-zero deltas are null.
 */
export class CumulativeTracker {
  private prev: Tokens | null = null;

  next(cur: Tokens): Tokens | null {
    const prev = this.prev ?? ZERO;
    this.prev = cur;
    if (same(cur, prev)) return null;
    const reset =
      cur.input < prev.input ||
      cur.cached < prev.cached ||
      cur.output < prev.output ||
      cur.cacheWrite < prev.cacheWrite;
    const base = reset ? ZERO : prev;
    const d: Tokens = {
      input: cur.input - base.input,
      cached: cur.cached - base.cached,
      output: cur.output - base.output,
      reasoning: Math.max(0, cur.reasoning - base.reasoning),
      cacheWrite: cur.cacheWrite - base.cacheWrite,
    };
    return nonZero(d) ? d : null;
  }
}

/** A delta in Codex counting -> job.usage data in protocol counting. */
export function usageData(d: Tokens, model: string): Obj {
  const data: Obj = {
    model,
    input_tokens: Math.max(0, d.input - d.cached - d.cacheWrite),
    output_tokens: d.output,
    cache_read_tokens: d.cached,
  };
  if (d.cacheWrite > 0) data.cache_write_tokens = d.cacheWrite;
  if (d.reasoning > 0) data.reasoning_output_tokens = d.reasoning;
  return data;
}

export const hasTokens = (d: Tokens | null): d is Tokens => d !== null && nonZero(d);
