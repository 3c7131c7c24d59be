// Where each table goes when Fleetwatch outgrows one PostgreSQL node and runs on Citus, distributed by project
// (docs/adr/0028-distributed-postgres.md). The one list the ADR cites and `npm run check:distribution` checks: a
// table in none of the three lists fails the check, so a new table forces the decision.

/** Every distributed table is distributed by this column, so all of one project's rows share a node. */
export const DISTRIBUTION_COLUMN = "project_id";

/** Per-project data, co-located by project_id: what grows with the fleet. */
export const DISTRIBUTED: Record<string, string> = {
  event: "the raw event log, the largest table",
  event_key: "the ledger of stored event ids (idempotency across event's day partitions)",
  event_pending: "the projector's queue of acknowledged events",
  job: "the job projection",
  transcript_entry: "a job's transcript, the second largest",
  agent: "agents of a project",
  usage_hourly: "cost and token rollups",
  job_usage: "a job's usage per hour and model",
  job_outcome_hourly: "jobs per hour, status and failure class (Overview, /api/metrics)",
  usage_daily: "usage_hourly per day (Costs, budgets, Overview, /api/metrics)",
  job_label_key_hourly: "label keys of the jobs started per hour (the Models facets)",
  failure_issue: "failure groups",
  failure_daily: "failed jobs per day, issue and class (kept by triggers on job, on the same node)",
  issue_activity: "the triage history of an issue",
  alert_signal: "issue events for the alert evaluator",
  alert_rule: "alert rules, joined with the incidents they open",
  incident: "incidents of a rule",
  incident_event: "an incident's timeline",
  notification: "notifications sent for incidents",
  destination: "where a project's notifications go",
  escalation_policy: "escalation steps of a project",
  silence: "mutes of a project",
  budget: "a project's budgets",
  alert_event: "budget alerts already sent",
  outbound_webhook: "standup webhooks",
  webhook_delivery: "deliveries of standup webhooks",
  standup_run: "one project's standup day",
  schedule: "schedules declared in Settings",
  schedule_slot_alert: "schedule slots an alert rule has alerted on",
};

/** Small, read by every project, written rarely: copied to every node (Citus reference tables). */
export const REFERENCE: Record<string, string> = {
  project: "a handful of rows, joined by almost every query and by ingest's key lookup",
  api_key: "looked up by hash on every request, before the project is known",
  user: "people, joined for names on triage, notes and audit",
  session: "sign-in sessions, looked up by token before any project is known",
  account: "sign-in methods of a user",
  verification: "better-auth's one-time values",
  member_link: "invite and reset links, looked up by token hash",
  project_access: "which projects a member may see, joined on every page",
  model_price: "one price table for the whole instance",
  failure_rule: "failure taxonomy rules, global (project_id null) or per project, read by every classifier",
  instance_setting: "instance-wide settings (auth secret, SSO)",
};

/**
 * Stay on the coordinator (Citus local tables): instance-wide, written often or read across every project by one
 * process, never joined with a distributed table.
 */
export const LOCAL: Record<string, string> = {
  audit_log: "instance-wide and append-only (entries without a project too); read by admins across projects",
  login_throttle: "sign-in attempts per account and address, before any project",
  rate_limit_window:
    "per-key request counters written on every request; a reference table would write every node",
};

export type Placement = { kind: "distributed"; column: string } | { kind: "reference" } | { kind: "local" };

export function placementOf(table: string): Placement | null {
  if (table in DISTRIBUTED) return { kind: "distributed", column: DISTRIBUTION_COLUMN };
  if (table in REFERENCE) return { kind: "reference" };
  if (table in LOCAL) return { kind: "local" };
  return null;
}

export const LISTED: readonly string[] = [
  ...Object.keys(DISTRIBUTED),
  ...Object.keys(REFERENCE),
  ...Object.keys(LOCAL),
];

/** A violation the schema has today, on purpose or by history: why, and the migration that would remove it. */
export type Allowed = {
  table: string;
  kind: string;
  name: string;
  reason: string;
  fix: string;
};

export { KNOWN_EXCEPTIONS } from "./exceptions";
