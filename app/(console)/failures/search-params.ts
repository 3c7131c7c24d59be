// URL state of the failures page: one parser map for the server loader and the client hook. The range is the
// shared one (?range=&from=&to=, kept by the sidebar across pages) plus "all".
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { ISSUE_STATES } from "@/db/schema";
import { ISSUE_RANGES, ISSUE_SORTS } from "@/lib/failures/schemas";
import { DEFAULT_RANGE } from "@/lib/range/range";
import { rangeSearchParams } from "@/lib/range/search-params";

export const failuresSearchParams = {
  state: parseAsStringLiteral([...ISSUE_STATES, "open", "all"] as const).withDefault("open"),
  class: parseAsString,
  agent: parseAsString,
  model: parseAsString,
  harness: parseAsString,
  assignee: parseAsString,
  /** the search box (lib/failures/search-query.ts) */
  q: parseAsString,
  ...rangeSearchParams,
  range: parseAsStringLiteral(ISSUE_RANGES).withDefault(DEFAULT_RANGE),
  sort: parseAsStringLiteral(ISSUE_SORTS).withDefault("last_seen"),
};

export const loadFailuresSearchParams = createLoader(failuresSearchParams);
