// URL state of the failures page: one parser map for the server loader and the client hook.
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { ISSUE_STATES } from "@/db/schema";
import { ISSUE_SORTS } from "@/lib/failures/schemas";
import { TIME_RANGES } from "@/lib/jobs/schemas";

export const failuresSearchParams = {
  state: parseAsStringLiteral([...ISSUE_STATES, "open", "all"] as const).withDefault("open"),
  class: parseAsString,
  agent: parseAsString,
  model: parseAsString,
  harness: parseAsString,
  assignee: parseAsString,
  range: parseAsStringLiteral(TIME_RANGES).withDefault("7d"),
  sort: parseAsStringLiteral(ISSUE_SORTS).withDefault("last_seen"),
};

export const loadFailuresSearchParams = createLoader(failuresSearchParams);
