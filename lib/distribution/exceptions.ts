// The schema's known departures from the distribution plan (lib/distribution/tables.ts): each with why it is
// there and the migration that removes it. `npm run check:distribution` and tests/integration/distribution-keys
// require this list to be exact: a new violation fails, and so does an entry whose violation is gone.
import type { Allowed } from "./tables";

/** A uuid or serial surrogate key, unique on its own: distributed, it must become (project_id, id). */
const surrogate = (table: string, column = "id"): Allowed => ({
  table,
  kind: "primary_key",
  name: `${table}_pkey`,
  reason: `${column} is a ${column === "id" ? "random uuid or serial" : "identity"} key, unique on its own`,
  fix: `alter table ${table} drop constraint ${table}_pkey, add primary key (project_id, ${column}); foreign keys to it become (project_id, ${table}_id)`,
});

/** A foreign key by a surrogate id alone: it must carry project_id on both sides once the key above is fixed. */
const byId = (table: string, name: string, column: string, target: string): Allowed => ({
  table,
  kind: "foreign_key",
  name,
  reason: `references ${target}.id alone (both rows always share a project, which nothing enforces)`,
  fix: `after ${target}'s primary key is (project_id, id): foreign key (project_id, ${column}) references ${target} (project_id, id)`,
});

export const KNOWN_EXCEPTIONS: readonly Allowed[] = [
  surrogate("agent"),
  surrogate("alert_event"),
  surrogate("alert_rule"),
  surrogate("alert_signal"),
  surrogate("budget"),
  surrogate("destination"),
  surrogate("escalation_policy"),
  surrogate("failure_issue"),
  surrogate("incident"),
  surrogate("issue_activity"),
  surrogate("job"),
  surrogate("notification"),
  surrogate("outbound_webhook"),
  surrogate("silence"),
  surrogate("webhook_delivery"),
  surrogate("incident_event"),
  surrogate("event_pending", "pos"),
  surrogate("schedule"),
  {
    table: "schedule_slot_alert",
    kind: "missing_column",
    name: "project_id",
    reason: "a slot's alert record hangs off its alert rule and has no project_id of its own",
    fix: "add column project_id uuid, backfilled from alert_rule, then not null",
  },
  {
    table: "schedule_slot_alert",
    kind: "primary_key",
    name: "schedule_slot_alert_rule_id_schedule_key_slot_at_pk",
    reason: "keyed by the rule's uuid, which is unique across projects today",
    fix: "primary key (project_id, rule_id, schedule_key, slot_at)",
  },
  byId("schedule_slot_alert", "schedule_slot_alert_rule_id_alert_rule_id_fk", "rule_id", "alert_rule"),
  {
    table: "incident_event",
    kind: "missing_column",
    name: "project_id",
    reason: "the timeline hangs off its incident and has no project_id of its own",
    fix: "add column project_id uuid, backfilled from incident, then not null",
  },
  byId(
    "alert_rule",
    "alert_rule_escalation_policy_id_escalation_policy_id_fk",
    "escalation_policy_id",
    "escalation_policy",
  ),
  byId("incident", "incident_rule_id_alert_rule_id_fk", "rule_id", "alert_rule"),
  byId("incident_event", "incident_event_incident_id_incident_id_fk", "incident_id", "incident"),
  byId("issue_activity", "issue_activity_issue_id_failure_issue_id_fk", "issue_id", "failure_issue"),
  byId("notification", "notification_destination_id_destination_id_fk", "destination_id", "destination"),
  byId("notification", "notification_incident_id_incident_id_fk", "incident_id", "incident"),
  byId(
    "webhook_delivery",
    "webhook_delivery_webhook_id_outbound_webhook_id_fk",
    "webhook_id",
    "outbound_webhook",
  ),
  {
    table: "job_usage",
    kind: "primary_key",
    name: "job_usage_job_id_hour_model_pk",
    reason: "keyed by the job's uuid, which is unique across projects today",
    fix: "primary key (project_id, job_id, hour, model)",
  },
  {
    table: "incident",
    kind: "unique",
    name: "incident_open_uq",
    reason:
      "one open incident per rule and group key; a rule belongs to one project, so it holds per project already",
    fix: "create unique index on incident (project_id, rule_id, group_key) where status <> 'resolved', drop the old one",
  },
  {
    table: "notification",
    kind: "unique",
    name: "notification_dedup_key_unique",
    reason: "the dedup key is global text (it embeds the incident id); Citus cannot enforce it across shards",
    fix: "unique (project_id, dedup_key): the key already names one project's incident",
  },
];
