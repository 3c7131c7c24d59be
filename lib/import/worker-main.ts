// Runs in a worker thread: splits the uploaded bytes into lines as they arrive (refusing a line over the cap
// at once), translates them with the importers, and hands the events back in batches. Everything that costs
// CPU in proportion to the file (UTF-8 decoding, JSON.parse, mapping) happens here, off the request thread.
import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";
import { importLines } from "../importers";
import {
  jsonTooDeep,
  LineSplitter,
  LineTooLongError,
  MAX_LINES,
  splitLines,
  TooManyLinesError,
} from "../importers/lines";
import { importRequestSchema } from "../importers/schemas";
import type { FromWorker, ToWorker, WorkerInput } from "./messages";

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error("worker-main.ts runs in a worker thread");
const post = (m: FromWorker) => port.postMessage(m);

const splitter = input.mode === "raw" ? new LineSplitter(input.maxLineBytes) : null;
const envelope: Uint8Array[] = [];
let failed = false;
let received = 0;

function fail(status: 400 | 413 | 422, code: string, message: string) {
  failed = true;
  post({ kind: "fail", status, code, message });
}

function lineTooLong(e: unknown, what = ""): boolean {
  if (e instanceof TooManyLinesError) {
    fail(413, "too_many_lines", e.message);
    return true;
  }
  if (!(e instanceof LineTooLongError)) return false;
  fail(413, "line_too_long", `${what}${e.message} Lines are capped at ${input.maxLineBytes} bytes.`);
  return true;
}

/**
 * Garbage is refused early: when none of the first NO_JSON_LINES non-blank lines is a JSON object (and the
 * first does not start one JSON document), neither importer could recognise the file (Claude Code looks at
 * the first 200 lines, Codex at lines that are objects), so the rest is not read. Random bytes start a line
 * with "{" now and then, so a line counts only when it parses.
 */
function isJsonObject(line: string): boolean {
  if (!line.startsWith("{") || jsonTooDeep(line)) return false;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

const NO_JSON_LINES = 1000;
let scannedLines = 0;
let nonBlank = 0;
let sawJson = false;
function noJsonYet(lines: readonly string[]): boolean {
  // `lines` holds complete lines only: the one being read is added at its newline
  for (; !sawJson && scannedLines < lines.length; scannedLines++) {
    const t = (lines[scannedLines] as string).trim();
    if (!t) continue;
    if ((nonBlank === 0 && (t.startsWith("[") || t.startsWith("{"))) || isJsonObject(t)) sawJson = true;
    nonBlank++;
  }
  if (sawJson || nonBlank < NO_JSON_LINES) return false;
  fail(
    422,
    "unrecognised_format",
    `Not a Claude Code or Codex file: none of its first ${NO_JSON_LINES} lines is a JSON object.`,
  );
  return true;
}

/** The envelope form: small fields and the file as one JSON string (the pre-streaming API). */
function readEnvelope() {
  const text = Buffer.concat(envelope).toString("utf8");
  envelope.length = 0;
  // The envelope is one flat object; deeper nesting is never a valid request and is slow to parse.
  if (jsonTooDeep(text, 4)) return fail(400, "bad_request", "The body is not an import request.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(400, "bad_request", "The body is not valid JSON.");
  }
  const parsed = importRequestSchema.safeParse(json);
  if (!parsed.success) return fail(400, "bad_request", z.prettifyError(parsed.error));
  const { file_name, agent, parent_text } = parsed.data;
  let lines: string[];
  let parentLines: string[] | undefined;
  try {
    lines = splitLines(parsed.data.text, input.maxLineBytes);
    if (lines.length > MAX_LINES) throw new TooManyLinesError(MAX_LINES);
  } catch (e) {
    if (lineTooLong(e)) return;
    throw e;
  }
  try {
    parentLines = parent_text === undefined ? undefined : splitLines(parent_text, input.maxLineBytes);
  } catch (e) {
    if (lineTooLong(e, "parent_text: ")) return;
    throw e;
  }
  return { lines, fileName: file_name, agent, parentLines };
}

function finish() {
  const file =
    splitter !== null
      ? { lines: splitter.end(), fileName: input.fileName, agent: input.agent, parentLines: undefined }
      : readEnvelope();
  if (!file || failed) return;
  const closeUnendedBefore = input.closeUnendedBefore ? new Date(input.closeUnendedBefore) : undefined;
  const result = importLines(file.lines, { ...file, closeUnendedBefore });
  post({
    kind: "result",
    format: result.format,
    sessionId: result.sessionId,
    events: result.events.length,
    skipped: result.skipped.slice(0, 100),
  });
  for (let i = 0; i < result.events.length; i += input.batchSize)
    post({ kind: "batch", events: result.events.slice(i, i + input.batchSize) });
  post({ kind: "done" });
}

port.on("message", (m: ToWorker) => {
  if (failed) return;
  try {
    if (m.kind === "end") return finish();
    if (splitter) {
      splitter.push(m.bytes);
      if (noJsonYet(splitter.lines)) return;
    } else envelope.push(m.bytes);
    received += m.bytes.byteLength;
    post({ kind: "ack", bytes: received });
  } catch (e) {
    if (lineTooLong(e)) return;
    fail(422, "unreadable", `The file could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
});
