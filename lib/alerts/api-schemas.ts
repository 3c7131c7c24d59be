// The incidents API's shapes (zod): the list's filters, an incident, its timeline, the list with its counts by
// status, and the backtest's answer. Routes validate with these; the OpenAPI document is generated from them.
import { z } from "zod";
import { INCIDENT_STATUSES, SEVERITIES } from "@/db/schema";

export const incidentsQuerySchema = z
  .object({
    project: z.string().optional().describe("Project slug (session auth only)"),
    status: z.enum(INCIDENT_STATUSES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    rule: z.uuid().optional().describe("Alert rule id"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type IncidentsQuery = z.infer<typeof incidentsQuerySchema>;

const iso = z.iso.datetime({ offset: true });

export const incidentSchema = z.object({
  id: z.uuid(),
  rule_id: z.uuid(),
  rule_name: z.string().nullable(),
  rule_kind: z.string().nullable(),
  group_key: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  summary: z.string().nullable(),
  muted: z.boolean(),
  match_count: z.number().int(),
  context: z.record(z.string(), z.unknown()),
  opened_at: iso,
  last_seen_at: iso,
  clear_since: iso.nullable(),
  acknowledged_at: iso.nullable(),
  acknowledged_by: z.string().nullable(),
  resolved_at: iso.nullable(),
  resolved_by: z.string().nullable(),
  escalation_step: z.number().int(),
  next_escalation_at: iso.nullable(),
});
export type IncidentView = z.infer<typeof incidentSchema>;

export const incidentsPageSchema = z.object({
  incidents: z.array(incidentSchema),
  total: z.number().int().describe("Incidents matching the filters"),
  counts: z
    .object({ firing: z.number().int(), acknowledged: z.number().int(), resolved: z.number().int() })
    .describe("By status, with the other filters"),
});

export const timelineEntrySchema = z.object({
  at: iso,
  type: z
    .string()
    .describe("opened, notified, muted, unmuted, escalated, cleared, recurred, acknowledged, resolved"),
  actor: z.string().nullable(),
  detail: z.unknown().nullable(),
});

export const incidentDetailSchema = incidentSchema.extend({ timeline: z.array(timelineEntrySchema) });

export const backtestSchema = z.object({
  from: iso,
  to: iso,
  step_minutes: z.number().int(),
  incidents: z.array(
    z.object({ group_key: z.string(), opened_at: iso, resolved_at: iso.nullable(), title: z.string() }),
  ),
  note: z.string().nullable(),
});
export type Backtest = z.infer<typeof backtestSchema>;

export const incidentActionSchema = z.object({ incident: incidentDetailSchema, changed: z.boolean() });
