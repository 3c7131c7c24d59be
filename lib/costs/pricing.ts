// Pure pricing: which price row applies to a reported model name at a time, and what one usage costs.
// Prices are USD per million tokens. Cache tokens are priced separately (read, 5-minute write, 1-hour write),
// and a long-context tier applies to the whole request when its prompt exceeds the threshold.
import { cachedSafe, type PatternFlags, type SafeRegex } from "@/lib/patterns/safe-regex";

/** How a row's pattern matches reported model names: case-insensitive. */
export const PRICE_PATTERN_FLAGS: PatternFlags = { ignoreCase: true };

export type PriceRow = {
  id?: string;
  provider: string;
  model: string;
  pattern: string;
  input: number;
  output: number;
  cacheRead: number | null;
  cacheWrite5m: number | null;
  cacheWrite1h: number | null;
  longContextThreshold: number | null;
  longInput: number | null;
  longOutput: number | null;
  longCacheRead: number | null;
  longCacheWrite5m: number | null;
  longCacheWrite1h: number | null;
  /** YYYY-MM-DD (UTC): the row applies to usage on or after this day. */
  effectiveFrom: string;
  source: string;
};

export type UsageTokens = {
  input: number;
  output: number;
  cacheRead: number;
  /** All cache writes, including the 1-hour ones. */
  cacheWrite: number;
  /** The part of cacheWrite written with a 1-hour lifetime (priced higher). */
  cacheWrite1h: number;
};

/**
 * The pattern the bundled rows use: the id with any provider prefix (anthropic/, us.anthropic., publishers/…/),
 * and any date, version or variant suffix (-20250929, -2025-08-07, @20250929, -v1:0, -latest, [1m], :thinking).
 */
export function defaultPattern(model: string): string {
  const escaped = model.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  return `^(?:[\\w-]+[/.])*${escaped}(?:-preview(?:-\\d{2}-\\d{2})?|-exp(?:-\\d{2}-\\d{2})?)?(?:[-@](?:\\d{8}|\\d{4}-\\d{2}-\\d{2}|\\d{4}))?(?:-v\\d+(?::\\d+)?)?(?:-latest)?(?:\\[1m\\])?(?::[\\w-]+)?$`;
}

/**
 * The pattern compiled case-insensitively; null when it does not compile. Patterns are editable by admins, so
 * they run on RE2 (lib/patterns/safe-regex): linear time, no backreferences or lookahead.
 */
export function compilePattern(pattern: string): SafeRegex | null {
  return cachedSafe(pattern, PRICE_PATTERN_FLAGS);
}

export type PriceTable = { rows: PriceRow[]; resolve(model: string, at: Date): PriceRow | null };

/**
 * A lookup over price rows. A name matches a model when one of its rows' patterns matches; when several models
 * match, the most specific (longest model id) wins. Of that model's rows the newest one effective on the usage's
 * day (UTC) applies; usage before a model's first effective date has no price.
 */
export function priceTable(rows: PriceRow[]): PriceTable {
  const byModel = new Map<string, PriceRow[]>();
  for (const r of rows) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  for (const list of byModel.values()) list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  const models = [...byModel.entries()].sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  const memo = new Map<string, string | null>();

  function modelFor(name: string): string | null {
    let hit = memo.get(name);
    if (hit === undefined) {
      hit = null;
      for (const [model, list] of models) {
        if (
          model.toLowerCase() === name.toLowerCase() ||
          list.some((r) => compilePattern(r.pattern)?.test(name))
        ) {
          hit = model;
          break;
        }
      }
      memo.set(name, hit);
    }
    return hit;
  }

  return {
    rows,
    resolve(name, at) {
      const model = modelFor(name);
      if (!model) return null;
      const day = at.toISOString().slice(0, 10);
      return byModel.get(model)?.find((r) => r.effectiveFrom <= day) ?? null;
    },
  };
}

/** USD for one usage at a price row. */
export function costOfUsage(p: PriceRow, u: UsageTokens): number {
  const prompt = u.input + u.cacheRead + u.cacheWrite;
  const long = p.longContextThreshold != null && p.longInput != null && prompt > p.longContextThreshold;
  // The long tier scales cache prices like input when it names no cache prices of its own.
  const scale = long && p.longInput != null ? p.longInput / p.input : 1;
  const input = long ? (p.longInput ?? p.input) : p.input;
  const output = long ? (p.longOutput ?? p.output) : p.output;
  const read = (long ? p.longCacheRead : null) ?? (p.cacheRead ?? p.input) * scale;
  const write5m = (long ? p.longCacheWrite5m : null) ?? (p.cacheWrite5m ?? p.input) * scale;
  const write1h = (long ? p.longCacheWrite1h : null) ?? (p.cacheWrite1h ?? p.cacheWrite5m ?? p.input) * scale;
  const oneHour = Math.min(u.cacheWrite1h, u.cacheWrite);
  const micro =
    u.input * input +
    u.output * output +
    u.cacheRead * read +
    (u.cacheWrite - oneHour) * write5m +
    oneHour * write1h;
  return micro / 1_000_000;
}

export type PricedUsage = {
  /** The runner's cost_usd, when reported. */
  reported: number | null;
  /** The price table's cost, when the model has a price. */
  computed: number | null;
  /** What the usage cost: reported when given, else computed; 0 when unpriced (flagged by `unpriced`). */
  cost: number;
  /** Neither reported nor priced: the cost is unknown. */
  unpriced: boolean;
};

/** Prices one job.usage event's data. */
export function priceUsage(
  table: PriceTable,
  data: Record<string, unknown>,
  at: Date,
): PricedUsage & { tokens: UsageTokens; model: string } {
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);
  const tokens: UsageTokens = {
    input: n(data.input_tokens),
    output: n(data.output_tokens),
    cacheRead: n(data.cache_read_tokens),
    cacheWrite: n(data.cache_write_tokens),
    cacheWrite1h: n(data.cache_write_1h_tokens),
  };
  const model = typeof data.model === "string" ? data.model : "";
  const row = model ? table.resolve(model, at) : null;
  const computed = row ? costOfUsage(row, tokens) : null;
  const reported = typeof data.cost_usd === "number" && Number.isFinite(data.cost_usd) ? data.cost_usd : null;
  const cost = reported ?? computed ?? 0;
  return { tokens, model, reported, computed, cost, unpriced: reported == null && computed == null };
}
