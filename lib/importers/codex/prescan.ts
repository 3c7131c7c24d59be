// A first pass over all intents: the session, its first model and title, and what the canonical channel
// holds, so the second pass (emit.ts) keeps one copy of facts Codex wrote several times, in any order.
import type { Channel, Intent, Pool } from "./intents";
import { type Obj, titleOf } from "./util";

export type Prepared = { line: number; time: string | null; intents: Intent[] };

export type Prescan = {
  /** Occurrences of each message / reasoning text, by channel and pool: `${channel}|${pool}|${text}`. */
  counts: Map<string, number>;
  canonicalCalls: Set<string>;
  canonicalResults: Set<string>;
  /** Error flag and duration of a call, from the UI's tool events, for canonical outputs that lack them. */
  enrich: Map<string, { isError?: boolean; durationMs?: number }>;
  /** Rollout token_count totals exist: turn.completed usage (also cumulative) is then not counted again. */
  hasTotals: boolean;
  sessionId?: string;
  sessionData?: Obj;
  sessionTime?: string;
  sessionLine?: number;
  firstModel?: string;
  title?: string;
};

export const countKey = (ch: Channel, pool: Pool, text: string) => `${ch}|${pool}|${text.trim()}`;

export function prescan(records: Prepared[]): Prescan {
  const pre: Prescan = {
    counts: new Map(),
    canonicalCalls: new Set(),
    canonicalResults: new Set(),
    enrich: new Map(),
    hasTotals: false,
  };
  const bump = (key: string) => pre.counts.set(key, (pre.counts.get(key) ?? 0) + 1);
  for (const { line, time, intents } of records) {
    for (const it of intents) {
      switch (it.k) {
        case "session":
          if (pre.sessionLine === undefined && it.id) {
            pre.sessionId = it.id;
            pre.sessionData = it.data;
            pre.sessionTime = it.time ?? time ?? undefined;
            pre.sessionLine = line;
          }
          break;
        case "model":
          pre.firstModel ??= it.model;
          break;
        case "message":
          bump(countKey(it.ch, it.pool, it.text));
          if (it.title && pre.title === undefined) pre.title = titleOf(it.text);
          break;
        case "thinking":
          for (const key of it.keys) bump(countKey(it.ch, "thinking", key));
          break;
        case "call":
          if (it.ch === "canonical" && it.callId) pre.canonicalCalls.add(it.callId);
          break;
        case "result":
          if (it.ch === "canonical" && it.callId) pre.canonicalResults.add(it.callId);
          else if (
            it.callId &&
            !pre.enrich.has(it.callId) &&
            (it.isError !== undefined || it.durationMs !== undefined)
          )
            pre.enrich.set(it.callId, { isError: it.isError, durationMs: it.durationMs });
          break;
        case "usage":
          if (it.src === "total" && it.tokens) pre.hasTotals = true;
          break;
      }
    }
  }
  return pre;
}
