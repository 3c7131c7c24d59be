// The rule editor's draft: what each kind is called and starts with, a stored rule as a draft, a draft as the
// body the API takes, and the API's field errors keyed by path for the form. Pure, so it is unit-tested.
import type { AlertRuleKind, Severity } from "@/db/schema/alerts";
import type { AlertRuleView } from "./config-schemas";
import type { GroupBy, RuleFilters } from "./rule-schemas";

export const KIND_LABELS: Record<AlertRuleKind, { label: string; hint: string }> = {
  issue_new: { label: "New issue", hint: "A failure with a fingerprint never seen before." },
  issue_regressed: { label: "Issue regressed", hint: "A resolved issue happens again." },
  issue_count: { label: "Issue count", hint: "An issue passes a number of failures within a window." },
  rate: {
    label: "Failure or success rate",
    hint: "A rate over a window, against a threshold or its 7-day baseline.",
  },
  spend_budget: { label: "Budget crossed", hint: "A budget reaches its warning threshold or is exceeded." },
  spend_hourly: { label: "Hourly spend", hint: "Spend in the last hour passes an amount." },
  cost_per_success: {
    label: "Cost per success",
    hint: "Cost per successful job over a window passes an amount.",
  },
  agent_offline: { label: "Agent offline", hint: "An agent goes silent past the project's offline time." },
  job_stalled: { label: "Job stalled", hint: "A running job goes silent past the project's stall time." },
  agent_quiet: { label: "Agent quiet", hint: "An agent finishes no job for a number of hours." },
  job_duration: { label: "Job duration", hint: "A job runs longer than a limit or than its agent's p95." },
  schedule_run: {
    label: "Scheduled run missed or failed",
    hint: "A schedule's expected run did not start within its grace, or failed (once per run).",
  },
};

/** What a new rule of each kind starts with (valid as it is, so Test works at once). */
export const DEFAULT_PARAMS: Record<AlertRuleKind, Record<string, unknown>> = {
  issue_new: {},
  issue_regressed: {},
  issue_count: { count: 10, windowMinutes: 60 },
  rate: {
    metric: "failure_rate",
    windowMinutes: 60,
    minJobs: 10,
    comparison: { against: "threshold", op: "above", value: 20 },
  },
  spend_budget: { level: "warning" },
  spend_hourly: { usd: 10 },
  cost_per_success: { usd: 2, windowMinutes: 60 },
  agent_offline: {},
  job_stalled: {},
  agent_quiet: { hours: 2 },
  job_duration: { against: "threshold", seconds: 3600 },
  schedule_run: { outcomes: ["missed", "failed"] },
};

export type RuleDraft = {
  name: string;
  kind: AlertRuleKind;
  params: Record<string, unknown>;
  filters: { [K in keyof Required<RuleFilters>]: string };
  groupBy: GroupBy;
  severity: Severity;
  /** Who hears: the rule's own destinations, or an escalation policy. */
  target: "destinations" | "policy";
  destinationIds: string[];
  escalationPolicyId: string;
  resolveAfterMinutes: number;
  enabled: boolean;
};

const NO_FILTERS = { agent: "", model: "", harness: "", failureClass: "", label: "" };

export function newDraft(kind: AlertRuleKind = "rate"): RuleDraft {
  return {
    name: "",
    kind,
    params: structuredClone(DEFAULT_PARAMS[kind]),
    filters: { ...NO_FILTERS },
    groupBy: "project",
    severity: "error",
    target: "destinations",
    destinationIds: [],
    escalationPolicyId: "",
    resolveAfterMinutes: 5,
    enabled: true,
  };
}

export function draftFromRule(rule: AlertRuleView): RuleDraft {
  return {
    name: rule.name,
    kind: rule.kind,
    params: structuredClone(rule.params),
    filters: { ...NO_FILTERS, ...rule.filters },
    groupBy: rule.groupBy,
    severity: rule.severity,
    target: rule.escalationPolicyId ? "policy" : "destinations",
    destinationIds: [...rule.destinationIds],
    escalationPolicyId: rule.escalationPolicyId ?? "",
    resolveAfterMinutes: rule.resolveAfterSeconds / 60,
    enabled: rule.enabled,
  };
}

/** The body of POST /api/v1/alert-rules (and of the backtest): empty filters left out, one target kept. */
export function draftToBody(d: RuleDraft) {
  const filters = Object.fromEntries(
    Object.entries(d.filters)
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ""),
  );
  return {
    name: d.name.trim(),
    kind: d.kind,
    params: d.params,
    filters,
    groupBy: d.groupBy,
    severity: d.severity,
    destinationIds: d.target === "destinations" ? d.destinationIds : [],
    escalationPolicyId: d.target === "policy" && d.escalationPolicyId ? d.escalationPolicyId : null,
    resolveAfterSeconds: Math.round(d.resolveAfterMinutes * 60),
    enabled: d.enabled,
  };
}

export type FieldErrors = Record<string, string>;

/**
 * The API's 400 as messages by field ("params.windowMinutes"); "" holds what belongs to no field. A
 * resolveAfterSeconds error is the form's minutes field.
 */
export function fieldErrors(error: { message?: string; details?: unknown } | undefined): FieldErrors {
  const out: FieldErrors = {};
  const issues = Array.isArray(error?.details) ? error.details : [];
  for (const issue of issues as { path?: unknown[]; message?: string }[]) {
    const path = (issue.path ?? [])
      .map(String)
      .join(".")
      .replace(/^resolveAfterSeconds$/, "resolveAfterMinutes");
    if (!out[path]) out[path] = issue.message ?? "Invalid value";
  }
  if (Object.keys(out).length === 0) out[""] = error?.message ?? "Saving failed";
  return out;
}
