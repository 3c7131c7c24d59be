// Importers of harness log files: detect the format of a file and translate it into protocol events.
// Every importer is pure; the events go through the same write path as the webhook.
import { detectClaudeCodeLines, importClaudeCodeLines } from "./claude-code";
import { detectCodexLines, importCodexLines } from "./codex";
import type { RawEvent } from "./types";

export type { RawEvent } from "./types";

export type ImportedFile = {
  fileName: string;
  format: string | null;
  sessionId: string | null;
  events: RawEvent[];
  skipped: { line: number; reason: string }[];
};

export type ImportFileOptions = {
  fileName: string;
  agent?: string;
  /** For a Claude Code sub-agent file: the text of its parent session file, when at hand. */
  parentText?: string;
  /** The same as lines; wins over parentText. */
  parentLines?: readonly string[];
  /**
   * Close sessions that never ended and whose last event is older than this (they will not end now): each gets a
   * job.cancelled "abandoned" at its last event's time, instead of running (and stalling) forever.
   */
  closeUnendedBefore?: Date;
};

/** Detects the file's format and imports it; an unknown format yields no events and one skipped reason. */
export function importFile(text: string, opts: ImportFileOptions): ImportedFile {
  return importLines(text.split("\n"), opts);
}

/** importFile from the file's lines (index i is line i + 1): see lines.ts for splitting bytes with a cap. */
export function importLines(lines: readonly string[], opts: ImportFileOptions): ImportedFile {
  const file = translateLines(lines, opts);
  if (!opts.closeUnendedBefore) return file;
  return { ...file, events: [...file.events, ...closeUnended(file.events, opts.closeUnendedBefore)] };
}

const TERMINAL = new Set(["job.completed", "job.failed", "job.cancelled"]);
export const ABANDONED_REASON = "abandoned: the imported session has no end";

/** How closeUnended ends a job: its event id suffix and its job.cancelled data (a reason, and who did it). */
export type Closing = { idSuffix: string; data: { reason: string } & Record<string, unknown> };
const IMPORT_CLOSING: Closing = { idSuffix: "import-abandoned", data: { reason: ABANDONED_REASON } };

/**
 * For each job of `events` with no terminal event whose last event is before `before`: a job.cancelled at that
 * last event's time (id `<job>:<idSuffix>`, so a re-import adds it once). A later report that ends the job
 * still wins (the latest terminal event decides the outcome). Imports close never-ended sessions with it; a
 * person marking a stalled job abandoned (lib/jobs/abandon.ts) closes that job the same way.
 */
export function closeUnended(
  events: readonly RawEvent[],
  before: Date,
  how: Closing = IMPORT_CLOSING,
): RawEvent[] {
  const last = new Map<string, RawEvent>();
  const ended = new Set<string>();
  for (const e of events) {
    if (TERMINAL.has(e.type)) ended.add(e.job);
    const seen = last.get(e.job);
    if (!seen || Date.parse(e.time) >= Date.parse(seen.time)) last.set(e.job, e);
  }
  const closing: RawEvent[] = [];
  for (const [job, e] of last) {
    if (ended.has(job) || !(Date.parse(e.time) < before.getTime())) continue;
    closing.push({
      id: `${job}:${how.idSuffix}`,
      type: "job.cancelled",
      time: e.time,
      job,
      ...(e.agent ? { agent: e.agent } : {}),
      data: { ...how.data },
    });
  }
  return closing;
}

function translateLines(lines: readonly string[], opts: ImportFileOptions): ImportedFile {
  if (detectClaudeCodeLines(lines, opts.fileName)) {
    const r = importClaudeCodeLines(lines, opts);
    return {
      fileName: opts.fileName,
      format: r.format,
      sessionId: r.sessionId,
      events: r.events,
      skipped: r.skipped,
    };
  }
  if (detectCodexLines(lines, opts.fileName)) {
    const r = importCodexLines(lines, opts);
    return {
      fileName: opts.fileName,
      format: r.format,
      sessionId: r.sessionId,
      events: r.events,
      skipped: r.skipped,
    };
  }
  return {
    fileName: opts.fileName,
    format: null,
    sessionId: null,
    events: [],
    skipped: [{ line: 0, reason: "not a Claude Code or Codex session, nor headless output of either" }],
  };
}

export type ImportTotals = { events: number; jobs: number; tokens: number; costUsd: number };

/** Token and cost totals of imported events (usage events), and distinct jobs. */
export function summarize(events: RawEvent[]): ImportTotals {
  let tokens = 0;
  let cost = 0;
  const jobs = new Set<string>();
  for (const e of events) {
    jobs.add(e.job);
    if (e.type !== "job.usage") continue;
    const d = e.data;
    for (const k of ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]) {
      tokens += typeof d[k] === "number" ? (d[k] as number) : 0;
    }
    if (typeof d.cost_usd === "number") cost += d.cost_usd;
  }
  return { events: events.length, jobs: jobs.size, tokens, costUsd: cost };
}
