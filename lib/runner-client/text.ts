// Shortening text without cutting a character in half: a UTF-16 surrogate pair (an emoji, a CJK extension
// character) is kept whole or dropped whole, so a cut never leaves an unpaired surrogate (which the server
// would store as U+FFFD, and which many JSON tools reject).

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The first `max` UTF-16 units of `s`, or `max - 1` when unit `max` is the second half of a pair. */
export function sliceUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = Math.max(0, max);
  return s.slice(0, end > 0 && isHigh(s.charCodeAt(end - 1)) && isLow(s.charCodeAt(end)) ? end - 1 : end);
}
