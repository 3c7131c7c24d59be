// URL state of the agents board (filters applied in the browser to the live list).
import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { AGENT_STATUSES } from "@/lib/agents/status";

/** A live status, or "stalled-jobs": the agents (alive or not) with at least one stalled job. */
export const BOARD_FILTERS = [...AGENT_STATUSES, "stalled-jobs"] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

export const agentsSearchParams = {
  status: parseAsStringLiteral(BOARD_FILTERS),
  q: parseAsString,
};
