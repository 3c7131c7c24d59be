// Shared assertions for the Codex importer's tests.
import { expect } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import type { RawEvent } from "./types";

/** Every event valid for the protocol, ids unique, seq the running order, one job, started first. */
export function expectWellFormed(events: RawEvent[]) {
  for (const e of events) {
    const r = parseEvent(e);
    expect(r.ok ? "ok" : `${e.id}: ${r.error}`).toBe("ok");
  }
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  expect(new Set(events.map((e) => e.job)).size).toBe(1);
  expect(events[0]?.type).toBe("job.started");
}

export const ofType = (events: RawEvent[], type: string) => events.filter((e) => e.type === type);

/** Token totals over the usage events, in protocol counting. */
export const tokenTotals = (events: RawEvent[]) => {
  const usage = ofType(events, "job.usage");
  const sum = (k: string) => usage.reduce((n, e) => n + (e.data[k] as number), 0);
  return { input: sum("input_tokens"), cached: sum("cache_read_tokens"), output: sum("output_tokens") };
};

export const jsonl = (records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
