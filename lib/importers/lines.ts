// Lines of a harness log, from text or from a byte stream, with a cap on one line's length. The importers
// take lines (index i is line i + 1, as `text.split("\n")` gives them), so a file never needs to exist as one
// string, and a line that would make JSON.parse block for long (one huge line, deep nesting) is refused or
// skipped before it is parsed. No Node built-ins: the importers also run in a browser.

/** JSON nested deeper than this is not read: V8 parses 4 million `[` in about a second, and every walk of
 * the value after it (redaction, storage) recurses. Harness records nest well under 20 levels. */
export const MAX_JSON_DEPTH = 100;

export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly maxBytes: number,
  ) {
    super(
      `Line ${line} is longer than ${formatBytes(maxBytes)}; a harness log line is never that long (is this the right file?).`,
    );
    this.name = "LineTooLongError";
  }
}

/** One line of a harness log holds at most this (a long tool output is a few MB at worst). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** More lines than this is not a harness log (50 MB of sessions is ~25,000 lines), and each costs memory. */
export const MAX_LINES = 1_000_000;

export class TooManyLinesError extends Error {
  constructor(readonly maxLines: number) {
    super(`The file has more than ${maxLines.toLocaleString("en-US")} lines; a harness log has far fewer.`);
    this.name = "TooManyLinesError";
  }
}

export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${n} bytes`;
}

/** The lines of a text, refusing one longer than `maxChars` (UTF-16 units, a lower bound of its bytes). */
export function splitLines(text: string, maxChars = Number.POSITIVE_INFINITY): string[] {
  const lines = text.split("\n");
  if (text.length > maxChars) {
    const at = lines.findIndex((l) => l.length > maxChars);
    if (at !== -1) throw new LineTooLongError(at + 1, maxChars);
  }
  return lines;
}

/** Whether a JSON text nests arrays and objects deeper than `max`: one pass, strings skipped. */
export function jsonTooDeep(s: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

export const tooDeepReason = `nested deeper than ${MAX_JSON_DEPTH} levels: not read`;

/**
 * Splits bytes pushed in chunks into lines as they arrive (so a too-long line is refused as soon as its bytes
 * pass the cap, before the rest is read). Decodes UTF-8 a slice at a time (a newline byte is never inside a
 * multi-byte character, so splitting the decoded text on "\n" splits the bytes at the same places).
 */
export class LineSplitter {
  readonly lines: string[] = [];
  private pending = "";
  /** Bytes of the line being read (the part after the last newline). */
  private pendingBytes = 0;
  private readonly decoder = new TextDecoder("utf-8");
  /** A line inside one slice is shorter than the slice, so only lines across slices need counting. */
  private readonly slice: number;

  constructor(
    private readonly maxLineBytes: number,
    private readonly maxLines = MAX_LINES,
  ) {
    this.slice = Math.max(1, Math.min(1024 * 1024, maxLineBytes));
  }

  /** Throws LineTooLongError when the current line passes the cap. */
  push(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; at += this.slice) this.pushSlice(chunk.subarray(at, at + this.slice));
  }

  /** The lines, the last one included even when empty (like `split("\n")`). */
  end(): string[] {
    this.lines.push(this.pending + this.decoder.decode());
    this.pending = "";
    return this.lines;
  }

  private pushSlice(bytes: Uint8Array) {
    const first = bytes.indexOf(10);
    const text = this.decoder.decode(bytes, { stream: true });
    if (first === -1) {
      this.pendingBytes += bytes.length;
      if (this.pendingBytes > this.maxLineBytes)
        throw new LineTooLongError(this.lines.length + 1, this.maxLineBytes);
      this.pending += text;
      return;
    }
    if (this.pendingBytes + first > this.maxLineBytes)
      throw new LineTooLongError(this.lines.length + 1, this.maxLineBytes);
    const parts = (this.pending + text).split("\n");
    this.pending = parts.pop() ?? "";
    if (this.lines.length + parts.length > this.maxLines) throw new TooManyLinesError(this.maxLines);
    for (const part of parts) this.lines.push(part);
    this.pendingBytes = bytes.length - bytes.lastIndexOf(10) - 1;
  }
}
