// Shapes of the failures read API and triage actions, shared by the routes, the OpenAPI document and the UI.
import { z } from "zod";
import { ISSUE_STATES } from "@/db/schema";
import { RANGE_KINDS, rangeQuerySchema } from "@/lib/range/range";
import { ISSUE_QUERY_MAX_LENGTH, ISSUE_QUERY_MAX_TERMS } from "./search-query";

export const ISSUE_SORTS = ["last_seen", "first_seen", "events"] as const;

/** The failures page and API take the shared range (lib/range) and "all". */
export const ISSUE_RANGES = [...RANGE_KINDS, "all"] as const;

/** A filter's value: PostgreSQL text cannot hold NUL, which would otherwise fail the query (a 500). */
const filterValue = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !v.includes("\u0000"), "A filter value cannot contain a NUL character.");

export const issuesQuerySchema = z.object({
  project: z.string().optional().describe("Project slug (session auth only)"),
  state: z
    .enum([...ISSUE_STATES, "open", "all"])
    .optional()
    .describe("open = new, ongoing or regressed; all (or no state) = every state. An is: in q replaces it."),
  class: filterValue(64).optional().describe("Failure class"),
  agent: filterValue(200).optional(),
  model: filterValue(200).optional(),
  harness: filterValue(200).optional(),
  assignee: filterValue(200).optional().describe("User id, or 'me' for a session, or 'none'"),
  range: z
    .enum(ISSUE_RANGES)
    .default("7d")
    .describe("Issues with a failure in this window: a preset before now, custom (from/to), or all"),
  from: rangeQuerySchema.shape.from,
  to: rangeQuerySchema.shape.to,
  q: z
    .string()
    .max(ISSUE_QUERY_MAX_LENGTH, `The search is too long (at most ${ISSUE_QUERY_MAX_LENGTH} characters).`)
    .optional()
    .describe(
      "Search: is:unresolved|open|new|ongoing|regressed|resolved|ignored, agent:, model:, harness:, class:, " +
        '"a phrase" or words (in the title or message), -term to exclude; repeats of a qualifier are any-of. ' +
        `At most ${ISSUE_QUERY_MAX_TERMS} terms; an unknown qualifier is a 400.`,
    ),
  sort: z.enum(ISSUE_SORTS).default("last_seen"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type IssuesQuery = z.infer<typeof issuesQuerySchema>;

/** The chart and breakdown beside the list take the same filters, without sort and limit. */
export const failureClassesQuerySchema = issuesQuerySchema.omit({ sort: true, limit: true });
export type FailureClassesQuery = z.infer<typeof failureClassesQuerySchema>;

export const issueSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  failure_class: z.string(),
  state: z.enum(ISSUE_STATES),
  state_detail: z.record(z.string(), z.unknown()).nullable(),
  events: z.number().describe("Failures in all"),
  events_in_range: z.number().describe("Failures in the selected time range"),
  agents: z.array(z.string()),
  models: z.array(z.string()),
  harnesses: z.array(z.string()),
  first_seen: z.string(),
  last_seen: z.string(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  sparkline: z.array(z.number()).describe("Failures per day over the range (last 14 days at most)"),
});
export type IssueSummary = z.infer<typeof issueSummarySchema>;

export const issuesPageSchema = z.object({ issues: z.array(issueSummarySchema) });

export const failureClassesSchema = z.object({
  breakdown: z
    .array(
      z.object({
        failure_class: z.string(),
        count: z.number().describe("Failed jobs in the range"),
        share: z.number().describe("Of the failed jobs in the range, 0 to 1"),
        previous: z.number().describe("Failed jobs in the range of the same length before"),
      }),
    )
    .describe("Failed jobs per class, most first"),
  series: z
    .object({
      unit: z.enum(["hour", "day"]),
      from: z.string(),
      to: z.string(),
      rows: z.array(z.object({ bucket: z.string(), failure_class: z.string(), count: z.number() })),
    })
    .describe("Failed jobs per bucket and class (all time shows the last 30 days)"),
});
export type FailureClasses = z.infer<typeof failureClassesSchema>;

export const activitySchema = z.object({
  id: z.string(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.string(),
});

export const issueDetailSchema = issueSummarySchema.extend({
  sample_message: z.string().nullable(),
  fingerprint: z.string(),
  activity: z.array(activitySchema),
  sample_jobs: z.array(
    z.object({
      id: z.string(),
      external_id: z.string(),
      title: z.string().nullable(),
      agent: z.string().nullable(),
      model: z.string().nullable(),
      harness: z.string().nullable(),
      harness_version: z.string().nullable(),
      ended_at: z.string().nullable(),
      error: z.record(z.string(), z.unknown()).nullable(),
      failing_entry: z.string().nullable().describe("Event id of the failing entry (deep link)"),
    }),
  ),
  breakdown: z.object({
    agents: z.array(z.object({ name: z.string(), count: z.number() })),
    models: z.array(z.object({ name: z.string(), count: z.number() })),
    harnesses: z.array(z.object({ name: z.string(), count: z.number() })),
  }),
  timeline: z.array(z.object({ day: z.string(), count: z.number() })),
  merged: z
    .array(z.object({ id: z.string(), title: z.string(), events: z.number() }))
    .describe("Issues merged into this one (unmerge to split them out again)"),
  merged_into: z.string().nullable().describe("The issue this one was merged into"),
});
export type IssueDetail = z.infer<typeof issueDetailSchema>;

export const triageSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("resolve"),
    in_version: z.string().max(200).optional().describe("Resolved in this harness or model version"),
    in_next_release: z.boolean().optional(),
  }),
  z.object({
    action: z.literal("ignore"),
    until_count: z.number().int().positive().optional().describe("Until this many more failures"),
    until: z.iso.datetime({ offset: true }).optional().describe("Until this time"),
  }),
  z.object({ action: z.literal("reopen") }),
  z.object({ action: z.literal("assign"), user_id: z.string().nullable() }),
  z.object({ action: z.literal("note"), text: z.string().trim().min(1).max(20_000) }),
  z.object({ action: z.literal("unmerge"), issue_id: z.uuid().describe("An issue merged into this one") }),
  z.object({
    action: z.literal("undo"),
    activity_id: z
      .uuid()
      .describe(
        "A state change or assignment of this issue (an `activity` id): restores what it replaced, if it is still the latest (else 409)",
      ),
  }),
]);
export type TriageAction = z.infer<typeof triageSchema>;

export const bulkTriageSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(500),
  action: z.discriminatedUnion("action", [
    z.object({ action: z.literal("resolve") }),
    z.object({ action: z.literal("ignore"), until_count: z.number().int().positive().optional() }),
    z.object({ action: z.literal("assign"), user_id: z.string().nullable() }),
    z.object({
      action: z.literal("merge").describe("Merge the selection into its issue with the most failures"),
    }),
  ]),
});
