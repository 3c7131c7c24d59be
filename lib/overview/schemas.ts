// Shapes of the overview read API, shared by the route, the OpenAPI document and the page.
import { z } from "zod";
import { ISSUE_STATES, SEVERITIES } from "@/db/schema";
import { BUCKETS, rangeQuerySchema } from "@/lib/range/range";

export const overviewQuerySchema = rangeQuerySchema.extend({
  project: z.string().optional().describe("Project slug (session auth only; a key is bound to its project)"),
  format: z.enum(["json", "csv"]).default("json").describe("csv: the time series as a file"),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

const iso = z.string().describe("RFC 3339 time");
const pair = (what: string) =>
  z.object({ current: z.number().nullable(), previous: z.number().nullable() }).describe(what);

export const ATTENTION_LIMIT = 5;

export const overviewSchema = z.object({
  range: z.object({
    kind: z.string(),
    from: iso,
    to: iso,
    previous_from: iso,
    previous_to: iso,
    bucket: z.enum(BUCKETS),
  }),
  headline: z.object({
    jobs: pair("Jobs started in the range, and in the previous range of the same length"),
    success_rate: pair("succeeded / (succeeded + failed) of those jobs"),
    spend_usd: pair(
      "Spend in range, as GET /api/v1/costs counts it: usage cost in the UTC hours the range touches (from the start of the hour containing from); previous: the same number of hours before that",
    ),
    cost_per_success_usd: pair(
      "All-in: whole cost of the jobs started in the range (usage outside it included) / the ones that succeeded",
    ),
    active_agents: pair("Agents that started a job in the range"),
    unpriced_events: z.number().describe("Usage events in the range whose cost is unknown"),
    issues: z.object({
      open: z.number().describe("Issues new, ongoing or regressed now"),
      new: z.number().describe("Issues in state new now"),
      regressed: z.number().describe("Issues in state regressed now"),
      first_seen: pair("Issues first seen in the range, and in the previous range"),
    }),
  }),
  series: z.object({
    jobs: z
      .array(
        z.object({
          bucket: iso,
          succeeded: z.number(),
          failed: z.number(),
          cancelled: z.number(),
          unfinished: z.number(),
        }),
      )
      .describe("Jobs by start bucket and outcome (buckets without jobs are left out)"),
    spend: z
      .array(z.object({ bucket: iso, model: z.string(), cost_usd: z.number(), unpriced_events: z.number() }))
      .describe("Usage cost by bucket and model"),
    failures: z
      .array(z.object({ bucket: iso, failure_class: z.string(), count: z.number() }))
      .describe("Failed jobs by end bucket and failure class"),
  }),
  attention: z.object({
    incidents: z.object({
      total: z.number().describe("Incidents firing now (not yet acknowledged)"),
      items: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          severity: z.enum(SEVERITIES),
          muted: z.boolean(),
          opened_at: iso,
        }),
      ),
    }),
    issues: z.object({
      total: z.number().describe("Issues regressed or new now (merged ones aside)"),
      items: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          failure_class: z.string(),
          state: z.enum(ISSUE_STATES),
          events: z.number(),
          last_seen: iso,
        }),
      ),
    }),
    stalled_jobs: z.object({
      total: z.number(),
      items: z.array(
        z.object({
          id: z.string(),
          external_id: z.string(),
          title: z.string().nullable(),
          agent: z.string().nullable(),
          last_event_at: iso,
        }),
      ),
    }),
    offline_agents: z.object({
      total: z.number().describe("Agents silent longer than the offline time, seen in the last 7 days"),
      items: z.array(z.object({ name: z.string(), last_activity_at: iso })),
    }),
    budgets: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        state: z
          .enum(["ok", "warning", "exceeded"])
          .describe("The spend so far against the warning level and the amount (what budget alerts record)"),
        status: z
          .enum(["at_risk", "over"])
          .describe(
            "over: spent the amount; at_risk: the forecast reaches it, or spend passed the warning level",
          ),
        forecast_usd: z.number().describe("Linear forecast of the period's spend at its current run rate"),
        percent: z.number(),
        spent_usd: z.number(),
        amount_usd: z.number(),
        period: z.string(),
      }),
    ),
  }),
});
export type Overview = z.infer<typeof overviewSchema>;
