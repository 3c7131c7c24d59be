// Issue titles: a short human line for a group of failures, taken from the message the way an operator would
// read it (the API error inside a JSON body, the exception at the end of a traceback, the failing test's line
// in a runner's output, the <title> of an HTML error page), with the error type in front when it adds to it.
import type { FailureClass } from "./taxonomy";

export const TITLE_MAX = 120;

// ANSI escapes (colours, cursor movement) that terminal output carries.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}

/** Decoration around a line: rules of =, -, _, *, #, ~ and arrows. */
const DECORATION = /^[\s=_\-*#~<>│|]+|[\s=_\-*#~<>│|]+$/g;

/** Lines that never make a title: progress dots, echoed commands, boilerplate. */
const NOISE =
  /^(?:[.FEsxX]+(?:\s+\[\s*\d+%\])?|traceback \(most recent call last\):?|(?:stack )?trace:?|caused by:?|> .*|\$ .*|hint: .*|note: .*|npm (?:ERR!|error) (?:A complete log|This is|Log files)?.*\b(?:log|related)\b.*|test session starts|collected \d+ items?|platform \w+ -- .*|running \d+ tests?|compiling .*|auto-merging .*|to (?:https?|ssh|git)\S*|<!doctype.*|<\/?(?:html|head|body|center|hr|meta)\b.*)$/i;

/** Lines that state a failure: preferred over whatever comes before them. */
const HEADLINE =
  /^(?:FAILED\b|FAIL\b|--- FAIL|ERROR\b|✘|×|✕|✗|●|error\b|error\[|fatal\b|panic\b|thread '.*' panicked|CONFLICT\b|! \[(?:remote )?rejected\]|npm (?:ERR!|error) \w|\[?[\w.]*(?:Error|Exception|Rejection)(?::|$| \[)|Killed\b|Segmentation fault|\S+\.\w+:\d+(?::\d+)?: )|(?:^|[\s:])error(?: TS\d+|\[E\d+\])?:/i;

const GENERIC_TYPES =
  /^(?:error|errors|exception|failure|failed|unknown|fatal|tool_error|none|null|undefined|success|error_during_execution)$/i;

function lines(message: string): string[] {
  return message
    .split(/\r?\n/)
    .map((l) => l.replace(DECORATION, "").trim())
    .filter((l) => l !== "" && !NOISE.test(l));
}

/** The exception a Python traceback ends with. */
function tracebackException(message: string): string | undefined {
  if (!/Traceback \(most recent call last\)/.test(message)) return undefined;
  const all = message.split(/\r?\n/).map((l) => l.trim());
  for (let i = all.length - 1; i >= 0; i--) {
    const l = all[i] ?? "";
    if (/^[\w.]*(?:Error|Exception|Exit|Interrupt|Corrupted)\b/.test(l)) return l;
  }
  return undefined;
}

/** The error inside a JSON (or Python dict) body, as "prefix type: message". */
function apiError(message: string): string | undefined {
  const head = message.slice(0, 4000);
  const start = head.indexOf("{");
  const end = head.lastIndexOf("}");
  if (start < 0 || end < start || head.slice(0, start).includes("\n")) return undefined;
  const prefix = head
    .slice(0, start)
    .trim()
    .replace(/[\s:(-]+$/, "");
  const body = head.slice(start, end + 1);
  const field = (name: string, text: string) =>
    new RegExp(`["']${name}["']\\s*:\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|'((?:[^'\\\\]|\\\\.)*)')`).exec(text);
  const err = /["']error["']\s*:\s*\{([\s\S]*)\}/.exec(body)?.[1] ?? body;
  const msg = field("message", err);
  if (!msg) return undefined;
  const text = (msg[1] ?? msg[2] ?? "").replace(/\\(["'\\])/g, "$1").trim();
  if (!text) return undefined;
  const type = field("type", err);
  const kind = type ? (type[1] ?? type[2]) : undefined;
  return [prefix, kind && kind !== "error" ? `${kind}:` : "", text].filter(Boolean).join(" ");
}

function htmlTitle(message: string): string | undefined {
  if (!/<html|<!doctype/i.test(message)) return undefined;
  const t = /<title>([^<]+)<\/title>/i.exec(message)?.[1]?.trim();
  const prefix = message.slice(0, message.search(/<html|<!doctype/i)).trim();
  return t ? [prefix, t].filter(Boolean).join(" ") : undefined;
}

const squash = (s: string) => s.replace(/[\W_]+/g, "").toLowerCase();

function cut(s: string, max = TITLE_MAX): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/** A short human title for an issue: the first meaningful line of the message, with the error type if useful. */
export function issueTitle(input: {
  failureClass: FailureClass;
  message: string;
  type?: string | null;
}): string {
  const message = stripAnsi(String(input.message ?? ""))
    .slice(0, 20_000)
    .replace(/<\/?tool_use_error>/g, "");
  const candidates = lines(message);
  let line =
    htmlTitle(message) ??
    tracebackException(message) ??
    apiError(message) ??
    candidates.slice(0, 200).find((l) => HEADLINE.test(l)) ??
    candidates[0];
  line = line?.trim();
  const type = input.type?.trim();
  const useType =
    !!type &&
    !GENERIC_TYPES.test(type) &&
    type !== input.failureClass &&
    !squash(line ?? "").includes(squash(type));
  if (!line) return cut(type || input.failureClass);
  return cut(useType ? `${type}: ${line}` : line);
}
