// A ClientEvent -> the event on the wire: id generated when absent, time normalised to RFC 3339, JSON once.
import { randomEventId } from "./ids";
import type { ClientEvent, WireEvent } from "./types";

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

export type Prepared =
  | { ok: true; wire: WireEvent; json: string; bytes: number }
  | { ok: false; message: string };

export function normaliseTime(time: string | Date | undefined, nowMs: number): string | null {
  if (time === undefined) return new Date(nowMs).toISOString();
  if (time instanceof Date) return Number.isNaN(time.getTime()) ? null : time.toISOString();
  if (typeof time !== "string") return null;
  if (RFC3339.test(time)) return time;
  const parsed = Date.parse(time); // e.g. "2026-01-01 10:00" (local time) or an RFC 2822 date
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

export function prepareEvent(event: ClientEvent, { idPrefix = "fw", nowMs = Date.now() } = {}): Prepared {
  if (typeof event !== "object" || event === null || typeof event.type !== "string" || !event.type) {
    return { ok: false, message: "An event needs a type." };
  }
  if (
    event.id !== undefined &&
    (typeof event.id !== "string" || event.id.length < 1 || event.id.length > 200)
  ) {
    return { ok: false, message: `Event ids are 1 to 200 characters (got ${JSON.stringify(event.id)}).` };
  }
  const id = event.id ?? randomEventId(idPrefix);
  const time = normaliseTime(event.time, nowMs);
  if (time === null) return { ok: false, message: `Event ${id}: unreadable time ${String(event.time)}.` };
  const wire = { id, type: event.type, time } as WireEvent;
  if (event.job !== undefined) wire.job = event.job;
  if (event.agent !== undefined) wire.agent = event.agent;
  if (event.seq !== undefined) wire.seq = event.seq;
  wire.data = (event.data ?? {}) as Record<string, unknown>;
  let json: string;
  try {
    json = JSON.stringify(wire);
  } catch (error) {
    return { ok: false, message: `Event ${id} cannot be serialised to JSON: ${(error as Error).message}` };
  }
  return { ok: true, wire, json, bytes: Buffer.byteLength(json) };
}
