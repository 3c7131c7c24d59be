// The alerting configuration at the API boundary: a rule's PATCH and view, escalation policies and silences.
// The rule itself is alertRuleInputSchema (rule-schemas.ts); a PATCH is merged into the stored rule and the
// result parsed with it again, so a patched rule passes exactly the checks a new one does.
import { Cron } from "croner";
import { z } from "zod";
import { ALERT_RULE_KINDS, SEVERITIES } from "@/db/schema";
import { alertRuleInputSchema, GROUP_BY, ruleFiltersSchema } from "./rule-schemas";

/** The common fields of a rule without their defaults (a PATCH sets only what it names). */
const ruleShape = (alertRuleInputSchema.options[0] as unknown as z.ZodObject).shape;
const patchFields = Object.fromEntries(
  Object.entries(ruleShape)
    .filter(([key]) => key !== "kind" && key !== "params")
    .map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
) as Record<string, z.ZodType>;

export const alertRulePatchSchema = z
  .object({
    ...patchFields,
    /** Changing the kind needs the new kind's params (the merged rule is validated as a whole). */
    kind: z.enum(ALERT_RULE_KINDS).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AlertRulePatch = z.infer<typeof alertRulePatchSchema>;

export const alertRuleViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ALERT_RULE_KINDS),
  params: z.record(z.string(), z.unknown()),
  filters: ruleFiltersSchema,
  groupBy: z.enum(GROUP_BY),
  severity: z.enum(SEVERITIES),
  escalationPolicyId: z.uuid().nullable(),
  destinationIds: z.array(z.uuid()),
  resolveAfterSeconds: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastEvaluatedAt: z.string().nullable(),
});
export type AlertRuleView = z.infer<typeof alertRuleViewSchema>;
export const alertRuleListSchema = z.object({ rules: z.array(alertRuleViewSchema) });

const ids = z.array(z.uuid()).max(20);

export const escalationStepSchema = z
  .object({
    /** Minutes after the step before (step 0: after the incident opened) that this step goes out. */
    afterMinutes: z.number().int().min(1).max(1440),
    destinationIds: ids.default([]),
    /** Console users (ids) notified by email. */
    memberIds: z.array(z.string().min(1).max(100)).max(20).default([]),
  })
  .strict()
  .refine((s) => s.destinationIds.length + s.memberIds.length > 0, {
    message: "A step notifies at least one destination or member",
  });

export const escalationPolicyInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    steps: z.array(escalationStepSchema).min(1, "A policy has at least one step").max(10),
    /** How many times the steps start over while nobody acknowledges. */
    repeat: z.number().int().min(0).max(10).default(0),
  })
  .strict();
export type EscalationPolicyInput = z.infer<typeof escalationPolicyInputSchema>;
export const escalationPolicyPatchSchema = z
  .object({
    name: escalationPolicyInputSchema.shape.name.optional(),
    steps: escalationPolicyInputSchema.shape.steps.optional(),
    repeat: z.number().int().min(0).max(10).optional(),
  })
  .strict();
export type EscalationPolicyPatch = z.infer<typeof escalationPolicyPatchSchema>;

export const escalationPolicyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  steps: z.array(
    z.object({
      afterMinutes: z.number(),
      destinationIds: z.array(z.string()),
      memberIds: z.array(z.string()),
    }),
  ),
  repeat: z.number().int(),
  /** Rules that page through this policy. */
  ruleCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EscalationPolicyView = z.infer<typeof escalationPolicyViewSchema>;
export const escalationPolicyListSchema = z.object({ policies: z.array(escalationPolicyViewSchema) });

const matcherText = z.string().trim().min(1).max(200);
export const silenceMatchersSchema = z
  .object({
    ruleId: z.uuid().optional(),
    agent: matcherText.optional(),
    model: matcherText.optional(),
    harness: matcherText.optional(),
  })
  .strict();

/** The cron's problem, or null: croner's own parser, so what is saved is what the evaluator can run. */
export function cronProblem(pattern: string, timezone = "UTC"): string | null {
  try {
    const cron = new Cron(pattern, { paused: true, timezone });
    return cron.nextRun() ? null : "This schedule never occurs again";
  } catch (error) {
    return `Not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * One-off: endsAt (after startsAt, which defaults to now). Recurring: cron + durationMinutes, muting from each
 * occurrence (project time zone) for that long, optionally until endsAt.
 */
export const silenceInputSchema = z
  .object({
    matchers: silenceMatchersSchema.default({}),
    reason: z.string().trim().max(500).optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    cron: z.string().trim().min(1).max(100).optional(),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.cron) {
      const problem = cronProblem(s.cron);
      if (problem) ctx.addIssue({ code: "custom", path: ["cron"], message: problem });
      if (s.durationMinutes === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["durationMinutes"],
          message: "A recurring silence needs a duration",
        });
    } else {
      if (!s.endsAt)
        ctx.addIssue({ code: "custom", path: ["endsAt"], message: "A one-off silence needs an end" });
      if (s.durationMinutes !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["durationMinutes"],
          message: "A duration goes with a cron schedule",
        });
    }
    const start = s.startsAt ? Date.parse(s.startsAt) : Date.now();
    if (s.endsAt && Date.parse(s.endsAt) <= start)
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must come after the start" });
  });
export type SilenceInput = z.infer<typeof silenceInputSchema>;

/** A change to a silence: any field; null clears an optional one. The merged silence is validated whole. */
export const silencePatchSchema = z
  .object({
    matchers: silenceMatchersSchema,
    reason: z.string().trim().max(500).nullable(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }).nullable(),
    cron: z.string().trim().min(1).max(100).nullable(),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .nullable(),
  })
  .partial()
  .strict();

export const silenceViewSchema = z.object({
  id: z.uuid(),
  matchers: silenceMatchersSchema,
  reason: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  cron: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  /** Whether it mutes right now (a recurring one: inside one of its windows). */
  active: z.boolean(),
  createdAt: z.string(),
});
export type SilenceView = z.infer<typeof silenceViewSchema>;
export const silenceListSchema = z.object({ silences: z.array(silenceViewSchema) });
