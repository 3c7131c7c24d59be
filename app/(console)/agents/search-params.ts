// URL state of the agents board (filters applied in the browser to the live list).
import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { AGENT_STATUSES } from "@/lib/agents/status";

export const agentsSearchParams = {
  status: parseAsStringLiteral(AGENT_STATUSES),
  q: parseAsString,
};
