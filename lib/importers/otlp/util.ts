// Shared by the OTLP mappers: reading attributes leniently, deterministic ids, and the mapping result.
import { storableJson, storableText } from "@/lib/ingest/sanitize";
import { sha256Hex, stableEventId } from "@/lib/runner-client/ids";
import { sliceUnits } from "@/lib/runner-client/text";
import type { Attributes, AttrValue } from "./decode";

/** A protocol event before validation (ingestBatch validates it with parseEvent). */
export type RawEvent = {
  id: string;
  type: string;
  time: string;
  job?: string;
  agent?: string;
  seq?: number;
  data: Record<string, unknown>;
};

/** What a mapper made of one request: events, and for each event the index of the item it came from. */
export class Mapping {
  readonly events: RawEvent[] = [];
  readonly sources: number[] = [];
  /** Items (spans, log records, data points) in the request. */
  items = 0;
  /** Items that mean nothing to Fleetwatch (not GenAI, not an agent's telemetry), acknowledged and dropped. */
  readonly ignored = new Map<string, number>();
  /** Reasons among `ignored` worth telling the sender (likely a misconfiguration), as an OTLP warning. */
  readonly warnings = new Set<string>();

  /** job.started events implied by a session's telemetry (sessions.ts); receive.ts drops redundant ones. */
  readonly impliedStarts = new Set<RawEvent>();

  add(source: number, event: RawEvent): void {
    this.events.push(event);
    this.sources.push(source);
  }

  /** Keeps the events `keep` accepts, with their sources. */
  retain(keep: (event: RawEvent) => boolean): void {
    const kept = this.events.map((e, i) => [e, this.sources[i] ?? 0] as const).filter(([e]) => keep(e));
    this.events.splice(0, Infinity, ...kept.map(([e]) => e));
    this.sources.splice(0, Infinity, ...kept.map(([, s]) => s));
  }

  ignore(reason: string, { warn = false } = {}): void {
    this.ignored.set(reason, (this.ignored.get(reason) ?? 0) + 1);
    if (warn) this.warnings.add(reason);
  }

  get ignoredCount(): number {
    return [...this.ignored.values()].reduce((a, b) => a + b, 0);
  }
}

/** The first present attribute among `keys`, looked up in each record in turn (e.g. the item, then its resource). */
export function attr(records: Attributes[], ...keys: string[]): AttrValue | undefined {
  for (const key of keys) {
    for (const r of records) {
      const v = r[key];
      if (v !== undefined && v !== null && v !== "") return v;
    }
  }
  return undefined;
}

export function attrStr(records: Attributes[], ...keys: string[]): string | undefined {
  const v = attr(records, ...keys);
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** A number from a number or a numeric string (Claude Code sends most numbers as strings). */
export function attrNum(records: Attributes[], ...keys: string[]): number | undefined {
  const v = attr(records, ...keys);
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A token count: a non-negative integer, else undefined. */
export function attrTokens(records: Attributes[], ...keys: string[]): number | undefined {
  const n = attrNum(records, ...keys);
  return n === undefined ? undefined : Math.max(0, Math.round(n));
}

export function attrBool(records: Attributes[], ...keys: string[]): boolean | undefined {
  const v = attr(records, ...keys);
  if (typeof v === "boolean") return v;
  if (v === "true" || v === 1 || v === "1") return true;
  if (v === "false" || v === 0 || v === "0") return false;
  return undefined;
}

/** A JSON document given as a string (tool arguments), parsed (and made storable) when it is one; else as is. */
export function maybeJson(v: AttrValue | undefined): unknown {
  if (typeof v !== "string") return v ?? undefined;
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return v;
  try {
    // depth-capped: the mappers walk it (hashOf) before ingest would cap it
    return storableJson(JSON.parse(t));
  } catch {
    return v;
  }
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${sliceUnits(text, max - 1)}…`;
}

/** Deterministic event id: the same parts always give the same id, so an exporter's retry is a duplicate. */
export const eventId = (...parts: string[]) => stableEventId("otlp", ...parts);

/** An id (job or call id) that fits the protocol's 200 characters. */
export function fitId(id: string): string {
  return id.length <= 200 ? id : `otlp-${sha256Hex(id).slice(0, 40)}`;
}

/** A short stable hash of any JSON-able value, with object keys sorted. */
export function hashOf(...values: unknown[]): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  return sha256Hex(...values.map((v) => JSON.stringify(sorted(v)) ?? "")).slice(0, 20);
}

/** service.name unless it is the SDK's placeholder (unknown_service[:process]). */
export function serviceName(resource: Attributes): string | undefined {
  const name = attrStr([resource], "service.name");
  return name && !name.startsWith("unknown_service") ? name : undefined;
}

/** RFC 3339, or for an impossible time (a timestamp past JavaScript's range) a value ingest rejects as such. */
export const iso = (d: Date) => (Number.isNaN(d.getTime()) ? "invalid time" : d.toISOString());

/** A name field (agent, tool, model, harness): non-empty, at most 200 characters, no NUL. */
export const nameOf = (v: string | undefined, fallback: string) =>
  clip(storableText((v ?? "").replace(/\0/g, "")).trim() || fallback, 200);
