// Shapes of schedules at every boundary: the read API (and its OpenAPI document), and the Settings form.
import { z } from "zod";
import { isValidTimeZone } from "@/lib/time/zone";
import { cronProblem } from "./cron";
import { OUTCOMES, type Slot } from "./outcomes";
import type { ScheduleSummary } from "./queries";

const iso = z.string().describe("RFC 3339 time");

export const schedulesQuerySchema = z.object({
  project: z.string().optional().describe("Project slug (session auth only; a key is bound to its project)"),
  name: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Only the schedule with this name (or cron expression)"),
  slots: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(30)
    .describe("How many of each schedule's latest slots (up to now) to return"),
});

export const slotSchema = z.object({
  at: iso.describe("When the run was expected"),
  until: iso.nullable().describe("The next slot: a job starting from `at` until then belongs to this slot"),
  grace_seconds: z.number().int(),
  outcome: z
    .enum(OUTCOMES)
    .describe(
      "on_time: its job started within the grace and succeeded; late: started after the grace, before the next slot; missed: no job and the grace is over; failed: its job failed or was cancelled; running: its job is queued or running; due: no job yet, within the grace; upcoming: in the future",
    ),
  job: z
    .object({ external_id: z.string(), status: z.string(), started_at: iso, agent: z.string().nullable() })
    .nullable(),
  delay_seconds: z.number().nullable().describe("How long after the slot its job started"),
});

export const scheduleSchema = z.object({
  name: z
    .string()
    .describe(
      "The identity: a runner's trigger name, the cron expression when it gave none, or the Settings name",
    ),
  source: z.enum(["settings", "runner"]),
  cron: z.string(),
  timezone: z.string(),
  description: z.string().describe('The cron in words, e.g. "At 03:00, every day, Europe/Paris time"'),
  agent: z.string().nullable(),
  grace_seconds: z.number().int().nullable().describe("null: 10% of each slot's interval, at most 600 s"),
  enabled: z.boolean(),
  next_at: iso.nullable(),
  last: slotSchema.nullable(),
  slots: z.array(slotSchema).describe("The latest slots up to now, oldest first"),
  on_time_rate: z.number().nullable().describe("on time / (on time + late + missed + failed) over `slots`"),
  error: z.string().nullable(),
});
export const schedulesResponseSchema = z.object({ schedules: z.array(scheduleSchema) });
export type ScheduleApi = z.infer<typeof scheduleSchema>;

export function slotToApi(s: Slot): z.infer<typeof slotSchema> {
  return {
    at: s.at.toISOString(),
    until: s.until?.toISOString() ?? null,
    grace_seconds: Math.round(s.graceMs / 1000),
    outcome: s.outcome,
    job: s.job
      ? {
          external_id: s.job.externalId,
          status: s.job.status,
          started_at: s.job.startAt.toISOString(),
          agent: s.job.agentName,
        }
      : null,
    delay_seconds: s.delayMs === null ? null : Math.round(s.delayMs / 1000),
  };
}

export function scheduleToApi(s: ScheduleSummary): ScheduleApi {
  return {
    name: s.key,
    source: s.source,
    cron: s.cron,
    timezone: s.timezone,
    description: s.description,
    agent: s.agentName,
    grace_seconds: s.graceSeconds,
    enabled: s.enabled,
    next_at: s.nextAt?.toISOString() ?? null,
    last: s.last ? slotToApi(s.last) : null,
    slots: s.recent.map(slotToApi),
    on_time_rate: s.onTimeRate,
    error: s.error,
  };
}

/** A schedule as the Settings form saves it. */
export const scheduleInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the schedule a name")
      .max(200)
      .refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 32), "A name cannot hold control characters"),
    cron: z.string().trim().min(1, "Give a cron expression").max(200),
    timezone: z.string().trim().max(100).refine(isValidTimeZone, "Not a time zone (e.g. Europe/Paris, UTC)"),
    agentName: z
      .string()
      .trim()
      .max(200)
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .default(null),
    /** Minutes; null: the default (10% of the interval, at most 10 min). */
    graceMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .nullable()
      .default(null),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = cronProblem(v.cron, v.timezone);
    if (problem) ctx.addIssue({ code: "custom", path: ["cron"], message: problem });
  });
export type ScheduleInput = z.infer<typeof scheduleInput>;
