// A standup's spend reads the day's usage by the hour and the 7 days before from usage_daily's whole UTC days
// (usage_hourly only at the edges), with the same sums as reading every hour of the week. The project is in
// Asia/Kolkata (UTC+5:30) so the day and the week start on the half hour, off UTC midnight.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { project } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { gatherFacts } from "@/lib/standups/facts";
import { getStandupProject } from "@/lib/standups/queries";
import { createTestProject } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";
import { rowsRead } from "../helpers/plan";

// 2025-01-14 in Kolkata is [2025-01-13T18:30Z, 2025-01-14T18:30Z); its spend counts the UTC hours from 18:00Z
// on the 13th. The week before starts on 2025-01-07 local = 2025-01-06T18:30Z, read from the hour 18:00Z.
const DAY = "2025-01-14";
const NOW = new Date("2025-01-15T04:00:00Z");

/** One job of agent "a" with one usage report of `cost` dollars and 100 input tokens at `time`. */
const usageJob = (n: number, time: string, cost: number) => [
  {
    id: `u${n}-start`,
    type: "job.started",
    time,
    job: `u${n}`,
    agent: "a",
    data: { title: `Job ${n}`, harness: "claude-code", model: "claude-sonnet-4-5" },
  },
  {
    id: `u${n}-usage`,
    type: "job.usage",
    time,
    job: `u${n}`,
    data: { model: "claude-sonnet-4-5", input_tokens: 100, output_tokens: 0, cost_usd: cost },
  },
];

describe("standup spend", () => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    // a database of its own: the rows-read check follows the planner's statistics, which other files skew
    ({ handle } = await openFreshDb("standupusage"));
    projectId = (await createTestProject(handle)).id;
    await handle.db.update(project).set({ timezone: "Asia/Kolkata" }).where(eq(project.id, projectId));
    const events = [
      ...usageJob(1, "2025-01-06T17:59:00Z", 100), // before the week's first hour: not counted
      ...usageJob(2, "2025-01-06T18:10:00Z", 1), // the week's first hour (edge, usage_hourly)
      ...usageJob(3, "2025-01-09T12:00:00Z", 2), // a whole UTC day inside the week (usage_daily)
      // 24 hours of the 10th, $0.50 each: $12 on one whole UTC day (usage_daily: one row, not 24)
      ...Array.from({ length: 24 }, (_, h) =>
        usageJob(10 + h, `2025-01-10T${String(h).padStart(2, "0")}:05:00Z`, 0.5),
      ).flat(),
      ...usageJob(4, "2025-01-13T17:30:00Z", 4), // the week's last hours, after UTC midnight (edge)
      ...usageJob(5, "2025-01-13T18:10:00Z", 8), // the hour the day starts in: the day's
      ...usageJob(6, "2025-01-14T18:20:00Z", 16), // the day's last hour
      ...usageJob(7, "2025-01-14T19:10:00Z", 32), // 00:40 on the 15th, in an hour after the day: not counted
    ];
    const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
    if (r.rejected) throw new Error(`rejected: ${JSON.stringify(r.results)}`);
  });
  afterAll(async () => handle.close());

  it("sums the day and the week before exactly, reading usage_hourly only for the day and the week's edges", async () => {
    const p = await getStandupProject({ db: handle.db, projectId });
    const { result, read } = await rowsRead(handle.url, "usage_hourly", (db) =>
      gatherFacts({ db, project: p, day: DAY, now: NOW }),
    );
    // the day: $8 + $16 = $24 on 2 reports of 100 tokens; the week before: $1 + $2 + 24 x $0.50 + $4 = $19 on
    // 27 reports of 100 tokens
    const expected = {
      costUsd: 24,
      inputTokens: 200,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      usageEvents: 2,
      unpricedEvents: 0,
      prior: { costUsd: 19, tokens: 2700, usageEvents: 27 },
    };
    expect(result.fleet.spend).toEqual(expected);
    expect(result.agents.map((a) => [a.name, a.spend])).toEqual([["a", expected]]);
    // usage_hourly rows read: the day's 2 hours, the week's first hour (18:00Z on the 6th) and its last
    // hours (the 13th before 18:00Z: the 17:00Z hour); the 9th and the 10th come from usage_daily. Reading the
    // week by the hour would read 29 (2 + 1 + 1 + 1 + 24).
    expect(read).toBe(4);
  });
});
