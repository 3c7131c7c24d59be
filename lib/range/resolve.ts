// The shared range of a read API's query, resolved; a bad custom range is the caller's error (400).
import { badRequest } from "@/lib/http/errors";
import { InvalidRangeError, type RangeQuery, type ResolvedRange, resolveRange } from "@/lib/range/range";

export function rangeFromQuery(query: RangeQuery, now: Date = new Date()): ResolvedRange {
  try {
    return resolveRange(query, now);
  } catch (error) {
    if (error instanceof InvalidRangeError) throw badRequest(error.message);
    throw error;
  }
}

/** For pages: the URL's range, or the default one when the URL's custom range is unusable. */
export function rangeForPage(
  state: { range: RangeQuery["range"]; from: Date | null; to: Date | null },
  now: Date = new Date(),
): { range: ResolvedRange; problem: string | null } {
  try {
    return { range: resolveRange(state, now), problem: null };
  } catch (error) {
    if (!(error instanceof InvalidRangeError)) throw error;
    return { range: resolveRange({}, now), problem: `${error.message} Showing the last 24 hours.` };
  }
}

export const rangeView = (r: ResolvedRange) => ({
  kind: r.kind,
  from: r.from.toISOString(),
  to: r.to.toISOString(),
});
