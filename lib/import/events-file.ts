// JSON Lines of protocol events (what `npm run export` writes, gzip'd or not): detection, a streamed reader with
// a cap on one line, and batching within the protocol's limits. Nothing holds more than one batch, so a file of
// 20 million events imports in the memory of one.
import fs from "node:fs";
import { createGunzip } from "node:zlib";
import { jsonTooDeep, LineTooLongError, MAX_LINE_BYTES, tooDeepReason } from "@/lib/importers/lines";
import { EVENT_TYPES, MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from "@/lib/ingest/protocol";

const ENVELOPE_BYTES = '{"events":[]}'.length;
const GZIP_MAGIC = [0x1f, 0x8b];

/** Reading the file stopped (a truncated gzip, a line over the cap): what was read before stands. */
export class ReadStopped extends Error {}

export type Line = { line: number; text: string };
export type EventLine = Line & { value: unknown; bytes: number };
export type LineProblem = { line: number; id?: string | null; reason: string };

export type SendResult = { accepted: number; duplicates: number; rejected: LineProblem[] };
/** Stores one batch (at most 1000 events and 5 MB as a request body); reports rejections by line. */
export type BatchSender = (batch: EventLine[]) => Promise<SendResult>;

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The file's lines (gunzipped when it starts with gzip's magic bytes), numbered from 1, as they are read. Empty
 * lines are left out. Throws when a line passes `maxLineBytes` or the gzip stream is damaged (a truncated file):
 * the lines yielded before stand, the unterminated tail is not yielded.
 */
export async function* readLines(file: string, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  const raw = fs.createReadStream(file);
  const gz = isGzip(file);
  const source = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on("error", (e) => source.destroy(e));
  let parts: Buffer[] = [];
  let pendingBytes = 0;
  let n = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let at = 0;
      for (let nl = chunk.indexOf(10, at); nl !== -1; nl = chunk.indexOf(10, at)) {
        n++;
        if (pendingBytes + nl - at > maxLineBytes) throw new LineTooLongError(n, maxLineBytes);
        parts.push(chunk.subarray(at, nl));
        const text = Buffer.concat(parts).toString("utf8").replace(/\r$/, "");
        parts = [];
        pendingBytes = 0;
        at = nl + 1;
        if (text.trim() !== "") yield { line: n, text };
      }
      pendingBytes += chunk.length - at;
      if (pendingBytes > maxLineBytes) throw new LineTooLongError(n + 1, maxLineBytes);
      if (at < chunk.length) parts.push(Buffer.from(chunk.subarray(at)));
    }
  } catch (e) {
    if (e instanceof LineTooLongError) throw new ReadStopped(e.message);
    const code = (e as { code?: string }).code;
    const why = !gz
      ? `the file could not be read (${(e as Error).message})`
      : code === "Z_BUF_ERROR" || /unexpected end/i.test((e as Error).message)
        ? "the gzip data ends early (a truncated file?)"
        : `unreadable gzip data (${(e as Error).message})`;
    throw new ReadStopped(`${why} after line ${n}`);
  } finally {
    raw.destroy();
  }
  const tail = Buffer.concat(parts).toString("utf8");
  if (tail.trim() !== "") yield { line: n + 1, text: tail };
}

/** Whether a parsed line has the shape of a protocol event (the ingest path validates it fully). */
function looksLikeEvent(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.id === "string" &&
    typeof e.time === "string" &&
    (EVENT_TYPES as readonly string[]).includes(e.type as string)
  );
}

/**
 * A file of protocol events: gzip'd, or .jsonl whose first line is one. Claude Code and Codex records have
 * other types (user, assistant, session_meta, ...), so the two cannot be confused.
 */
export async function isEventsFile(file: string): Promise<boolean> {
  if (isGzip(file)) return true; // harness logs are never gzip'd; a gzip that is not events fails line by line
  if (!/\.jsonl$/i.test(file)) return false;
  try {
    for await (const { text } of readLines(file)) return looksLikeEvent(JSON.parse(text));
  } catch {
    return false;
  }
  return false;
}

export type EventsFileResult = {
  lines: number;
  /** Distinct jobs of the events read. */
  jobs: number;
  accepted: number;
  duplicates: number;
  /** Lines that are not events (not JSON, nested too deep, too large for a request). */
  skipped: LineProblem[];
  /** Events the write path refused (validation), by line. */
  rejected: LineProblem[];
  /** Why reading stopped early (a truncated gzip, a line over the cap); the lines before it were stored. */
  error: string | null;
};

/**
 * Reads a file of protocol events and hands them to `send` in batches of at most `maxEvents` events and
 * `maxBodyBytes` as a request body. A bad line is skipped and reported; the others are stored.
 */
export async function importEventsFile(
  file: string,
  send: BatchSender,
  {
    maxEvents = MAX_EVENTS_PER_BATCH,
    maxBodyBytes = MAX_BODY_BYTES,
    onProgress,
  }: { maxEvents?: number; maxBodyBytes?: number; onProgress?: (r: EventsFileResult) => void } = {},
): Promise<EventsFileResult> {
  const result: EventsFileResult = {
    lines: 0,
    jobs: 0,
    accepted: 0,
    duplicates: 0,
    skipped: [],
    rejected: [],
    error: null,
  };
  const jobs = new Set<string>();
  let batch: EventLine[] = [];
  let batchBytes = ENVELOPE_BYTES;
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await send(batch);
    result.accepted += r.accepted;
    result.duplicates += r.duplicates;
    result.rejected.push(...r.rejected);
    batch = [];
    batchBytes = ENVELOPE_BYTES;
    onProgress?.(result);
  };
  try {
    for await (const { line, text } of readLines(file)) {
      result.lines = line;
      const bytes = Buffer.byteLength(text) + 1; // and its comma
      if (ENVELOPE_BYTES + bytes > maxBodyBytes) {
        result.skipped.push({ line, reason: `larger than a request may be (${maxBodyBytes} bytes)` });
        continue;
      }
      if (jsonTooDeep(text)) {
        result.skipped.push({ line, reason: tooDeepReason });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        result.skipped.push({ line, reason: `not JSON (${(e as Error).message})` });
        continue;
      }
      if (batch.length >= maxEvents || batchBytes + bytes > maxBodyBytes) await flush();
      const job = (value as { job?: unknown } | null)?.job;
      if (typeof job === "string") jobs.add(job);
      batch.push({ line, text, value, bytes });
      batchBytes += bytes;
    }
  } catch (e) {
    if (!(e instanceof ReadStopped)) throw e; // the sender's failure (the server refused): not the file's
    result.error = e.message;
  }
  await flush(); // the complete lines read before a failure are stored too
  result.jobs = jobs.size;
  return result;
}
