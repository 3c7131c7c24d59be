// Fingerprints group failures into issues: class + normalised message + tool. Normalising masks what varies
// from one occurrence of an error to the next (numbers, ids, hashes, timestamps, paths, quoted values, the
// variable parts of URLs, line:col) so that variants of one error share a fingerprint and different errors
// keep apart.
import { createHash } from "node:crypto";
import type { FailureClass } from "./taxonomy";
import { stripAnsi } from "./title";

export { issueTitle } from "./title";

export const NORMALIZED_MAX = 500;

// biome-ignore lint/suspicious/noExplicitAny: String.replace passes match, groups, offset and string
type Step = [RegExp, string | ((...args: any[]) => string)];

// Quoted values are masked, except the keys of JSON or dict bodies and the values of their enumeration keys
// ("type": "rate_limit_error"), which tell errors apart.
const ENUM_KEY = /["'](?:type|code|status|param|reason)["']\s*:\s*$/;

function maskQuoted(quote: string) {
  return (m: string, offset: number, whole: string): string => {
    const before = whole.slice(Math.max(0, offset - 40), offset);
    const after = whole.slice(offset + m.length, offset + m.length + 3);
    if (/[{,]\s*$/.test(before) && /^\s*:/.test(after)) return m;
    if (ENUM_KEY.test(before)) return m;
    return `${quote}<str>${quote}`;
  };
}

const STEPS: Step[] = [
  // Timestamps and times of day before numbers eat them (a line:col is not a time).
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}| ?UTC)?/gi, "<ts>"],
  [/\b\d{4}-\d{2}-\d{2}\b/g, "<date>"],
  [/(?<![\w:.])\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s?[AP]M)?(?![\w:])/gi, "<time>"],
  // URLs: keep scheme and host, mask the rest.
  [
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/'"<>)]+)[^\s'"<>)]*/gi,
    (_m, scheme: string, host: string) => `${scheme}${host.replace(/:\d+$/, ":<n>")}/<path>`,
  ],
  [/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, "<email>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  // Secrets and masked keys.
  [/\b(sk|pk|rk)-[\w*-]{6,}/g, "<key>"],
  [/\*{3,}\w*/g, "<key>"],
  // Quoted values; keys of JSON or dict bodies stay, and an apostrophe inside a word ("can't") opens none.
  [/(?<![\w'])'[^'\n]{0,300}'(?![\w'])/g, maskQuoted("'")],
  [/(?<![\w\\"])"[^"\n]{0,300}"/g, maskQuoted('"')],
  [/`[^`\n]{1,300}`/g, "`<str>`"],
  // Paths (at least one slash and a letter), not inside a URL; their line:col become numbers below.
  [
    /(?<![\w/:.<])(?:~|\.{1,2})?(?:\/?[\w.@+-]+)?(?:\/[\w.@+-]+)+\/?/g,
    (m) => (/[a-z]/i.test(m) ? "<path>" : m),
  ],
  // Hex hashes and addresses, ids that mix letters and digits, durations, then plain numbers.
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, "<hex>"],
  [/\b(?=[\w-]*\d)[a-z][\w-]*[_-][\w-]{5,}\b/gi, (m) => (digits(m) >= 3 ? "<id>" : m)],
  [/\b(?=\w*\d)(?=\w*[a-z])(?=\w*[A-Z])\w{16,}\b/g, "<id>"],
  [/\b\d+(?:\.\d+)?(?:h|m|s|ms)(?:\d+(?:\.\d+)?(?:h|m|s|ms))+\b/g, "<duration>"],
  [/\b\d+(\.\d+)?(?=(ns|us|µs|ms|s|m|h|d|k|kb|mb|gb|ki|mi|gi|kib|mib|gib|x|th|st|nd|rd)\b)/gi, "<n>"],
  [/(?<![\w.])\d+(?:[.,]\d+)*(?!\w)/g, "<n>"],
  [/<n>(?:[.,:]<n>)+/g, "<n>"],
];

function digits(s: string): number {
  return s.replace(/\D/g, "").length;
}

/** The message with its variable parts masked, whitespace collapsed, cut to about 500 characters. */
export function normalizeMessage(message: string): string {
  let s = stripAnsi(String(message ?? ""));
  if (s.length > 20_000) s = s.slice(0, 20_000);
  for (const [re, by] of STEPS) s = s.replace(re, by as string);
  s = s.replace(/\s+/g, " ").trim();
  return s.length > NORMALIZED_MAX ? s.slice(0, NORMALIZED_MAX) : s;
}

/** Stable hex hash (sha1) of class, normalised message and tool: failures that share it are one issue. */
export function fingerprint(input: {
  failureClass: FailureClass;
  message: string;
  tool?: string | null;
}): string {
  const tool = (input.tool ?? "").trim().toLowerCase();
  return createHash("sha1")
    .update(`${input.failureClass}\n${normalizeMessage(input.message)}\n${tool}`)
    .digest("hex");
}
