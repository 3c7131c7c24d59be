// The Alerts page's data at the API boundary: the board query (status tab, filters, cursor) and its answer.
import { z } from "zod";
import { INCIDENT_STATUSES, SEVERITIES } from "@/db/schema";

export const incidentsBoardQuerySchema = z
  .object({
    project: z.string().optional(),
    status: z.enum(INCIDENT_STATUSES).default("firing"),
    severity: z.enum(SEVERITIES).optional(),
    rule: z.uuid().optional(),
    muted: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    cursor: z.string().max(100).optional(),
  })
  .strict();

export type IncidentFilters = {
  severity?: (typeof SEVERITIES)[number];
  rule?: string;
  muted?: boolean;
};

export const incidentRowSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  muted: z.boolean(),
  rule: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  group_key: z.string(),
  match_count: z.number().int(),
  opened_at: z.string(),
  last_seen_at: z.string(),
  acknowledged_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
});
export type IncidentRow = z.infer<typeof incidentRowSchema>;

export const incidentsBoardSchema = z.object({
  counts: z.object({ firing: z.number().int(), acknowledged: z.number().int(), resolved: z.number().int() }),
  incidents: z.array(incidentRowSchema),
  next_cursor: z.string().nullable(),
});
export type IncidentsBoard = z.infer<typeof incidentsBoardSchema>;
