// What an alert rule is, at every boundary (API, settings form, evaluator): zod schemas for each kind's params,
// the filters, the grouping, and the whole rule. The evaluator trusts nothing it did not parse with these.
import { z } from "zod";
import { ALERT_RULE_KINDS, SEVERITIES } from "@/db/schema";

const name = z.string().trim().min(1).max(120);
const shortText = z.string().trim().min(1).max(200);
/** Windows from one minute to seven days, in minutes. */
const windowMinutes = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60);
const positive = z.number().finite().positive().max(1e9);
const percent = z.number().finite().min(0).max(100);

/** Only jobs (and what belongs to them) matching every set filter count. */
export const ruleFiltersSchema = z
  .object({
    agent: shortText.optional(),
    model: shortText.optional(),
    harness: shortText.optional(),
    failureClass: shortText.optional(),
    /** "key=value" on job labels */
    label: z
      .string()
      .trim()
      .regex(/^[^=\s]{1,100}=[^\n]{0,200}$/, 'A label filter is "key=value"')
      .optional(),
  })
  .strict();
export type RuleFilters = z.infer<typeof ruleFiltersSchema>;

export const GROUP_BY = ["project", "agent", "model", "harness", "issue", "job"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Compared with a fixed threshold, or with the same window's trailing 7-day baseline (value vs baseline × factor). */
const comparison = z.discriminatedUnion("against", [
  z.object({ against: z.literal("threshold"), op: z.enum(["below", "above"]), value: percent }).strict(),
  z
    .object({
      against: z.literal("baseline"),
      op: z.enum(["below", "above"]),
      /** e.g. 0.8: fire when the rate is below 80% of its baseline; 1.5: above 150% */
      factor: z.number().finite().positive().max(100),
    })
    .strict(),
]);

export const ruleParamsSchemas = {
  /** A new issue appears. */
  issue_new: z.object({}).strict(),
  /** A resolved issue happens again. */
  issue_regressed: z.object({}).strict(),
  /** An issue passes `count` failures within `windowMinutes`. */
  issue_count: z.object({ count: z.number().int().min(1).max(1_000_000), windowMinutes }).strict(),
  /** Failure or success rate over a window, at least minJobs finished jobs. */
  rate: z
    .object({
      metric: z.enum(["failure_rate", "success_rate"]),
      windowMinutes,
      minJobs: z.number().int().min(1).max(1_000_000).default(10),
      comparison,
    })
    .strict(),
  /** Today's budget crossings (warning at the budget's warn threshold, exceeded at 100%). */
  spend_budget: z.object({ level: z.enum(["warning", "exceeded"]).default("warning") }).strict(),
  /** Spend in the last hour above usd. */
  spend_hourly: z.object({ usd: positive }).strict(),
  /** Cost per successful job over a window above usd. */
  cost_per_success: z.object({ usd: positive, windowMinutes }).strict(),
  /** An agent is offline (the project's offline threshold). */
  agent_offline: z.object({}).strict(),
  /** A job is stalled (the project's stall threshold). */
  job_stalled: z.object({}).strict(),
  /** No job finished by an agent for `hours`. */
  agent_quiet: z
    .object({
      hours: z
        .number()
        .finite()
        .min(0.25)
        .max(24 * 30),
    })
    .strict(),
  /** A finished job ran longer than `seconds`, or longer than its agent's p95 over the trailing 7 days. */
  job_duration: z.discriminatedUnion("against", [
    z
      .object({
        against: z.literal("threshold"),
        seconds: z
          .number()
          .int()
          .min(1)
          .max(30 * 24 * 3600),
      })
      .strict(),
    z
      .object({ against: z.literal("agent_p95"), minJobs: z.number().int().min(1).max(100_000).default(20) })
      .strict(),
  ]),
  /** A scheduled run was missed or failed (lib/schedules): once per slot; `schedule` limits it to one schedule. */
  schedule_run: z
    .object({
      outcomes: z
        .array(z.enum(["missed", "failed"]))
        .min(1, "Pick missed, failed or both")
        .max(2)
        .default(["missed", "failed"]),
      schedule: shortText.optional(),
    })
    .strict(),
} as const satisfies Record<(typeof ALERT_RULE_KINDS)[number], z.ZodType>;

export type RuleParams<K extends keyof typeof ruleParamsSchemas> = z.infer<(typeof ruleParamsSchemas)[K]>;

const common = {
  name,
  severity: z.enum(SEVERITIES).default("error"),
  filters: ruleFiltersSchema.default({}),
  groupBy: z.enum(GROUP_BY).default("project"),
  escalationPolicyId: z.uuid().nullable().default(null),
  destinationIds: z.array(z.uuid()).max(20).default([]),
  /** 0 s to 1 day */
  resolveAfterSeconds: z.number().int().min(0).max(86_400).default(300),
  enabled: z.boolean().default(true),
};

/** A rule as the API and the settings form take it (POST; PATCH uses .partial() of the common part). */
export const alertRuleInputSchema = z.discriminatedUnion(
  "kind",
  ALERT_RULE_KINDS.map((kind) =>
    z.object({ ...common, kind: z.literal(kind), params: ruleParamsSchemas[kind] }).strict(),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
export type AlertRuleInput = {
  [K in keyof typeof ruleParamsSchemas]: {
    kind: K;
    params: RuleParams<K>;
    name: string;
    severity: (typeof SEVERITIES)[number];
    filters: RuleFilters;
    groupBy: GroupBy;
    escalationPolicyId: string | null;
    destinationIds: string[];
    resolveAfterSeconds: number;
    enabled: boolean;
  };
}[keyof typeof ruleParamsSchemas];

/** Parses a stored rule's params for its kind (a row edited by hand is refused, not trusted). */
export function parseRuleParams<K extends keyof typeof ruleParamsSchemas>(
  kind: K,
  params: unknown,
): RuleParams<K> {
  return ruleParamsSchemas[kind].parse(params) as RuleParams<K>;
}
