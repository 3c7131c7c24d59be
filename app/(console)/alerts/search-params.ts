// URL state of the Alerts page: one parser map for the server loader and the client hook.
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { INCIDENT_STATUSES, SEVERITIES } from "@/db/schema/alerts";

export const alertsSearchParams = {
  status: parseAsStringLiteral(INCIDENT_STATUSES).withDefault("firing"),
  severity: parseAsStringLiteral(SEVERITIES),
  rule: parseAsString,
  muted: parseAsStringLiteral(["true", "false"] as const),
};

export const loadAlertsSearchParams = createLoader(alertsSearchParams);
