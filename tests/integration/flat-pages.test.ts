// Pages cost what their range holds (issue 17, point 1): the statements behind the failures list, the issue page
// and the jobs list read the rows of the range or of the issues shown, not the project's whole history. Checked
// on the plans PostgreSQL runs (tests/helpers/plan.ts), next to the numbers each page shows, worked out by hand.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { failureClasses } from "@/lib/failures/class-queries";
import { getIssue, listIssues } from "@/lib/failures/queries";
import { issuesQuerySchema } from "@/lib/failures/schemas";
import { getJobFacets, hasJobs, listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { offlineAgents } from "@/lib/overview/attention";
import { createTestProject } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";
import { rowsRead } from "../helpers/plan";

const NOW = new Date(Date.UTC(2026, 10, 20, 12)); // 2026-11-20 12:00 UTC
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

let handle: DbHandle;
let projectId: string;
let oldIssue: string;
let newIssue: string;

// History: issue "old" failed 1,000 times 100-103 days ago (agents a-0..a-3, model m-old, harness h-old, half of
// them on the "hourly" schedule). Issue "new" failed 600 times, one an hour at NOW - (i + 0.5) h for i = 0..599
// (agent scout, model m-new, harness codex, trigger cron; step write for i = 0, 100, ..., review for i = 50, 150,
// ...: steps are rare, as in a fleet where few runs have several steps): 25 days of failures.
async function seed() {
  const [a, b] = rowsOf<{ id: string }>(
    await handle.db.execute(sql`
    insert into failure_issue (project_id, fingerprint, failure_class, title, event_count, first_seen_at, last_seen_at)
    values (${projectId}, 'fp-old', 'timeout', 'old timeout', 1000, ${ts(NOW.getTime() - 104 * DAY)}, ${ts(NOW.getTime() - 100 * DAY)}),
           (${projectId}, 'fp-new', 'rate_limit', 'new rate limit', 600, ${ts(NOW.getTime() - 600 * HOUR)}, ${ts(NOW.getTime() - HOUR / 2)})
    returning id`),
  );
  if (!a || !b) throw new Error("no issues");
  oldIssue = a.id;
  newIssue = b.id;
  const base = NOW.getTime() - 100 * DAY;
  await handle.db.execute(sql`
    insert into job (project_id, external_id, agent_name, status, harness, model, trigger_name, trigger_schedule,
      started_at, ended_at, first_event_at, last_event_at, failure_class, failure_issue_id)
    select ${projectId}, 'old-' || i, 'a-' || (i % 4), 'failed', 'h-old', 'm-old',
      case when i % 2 = 0 then 'hourly' end, case when i % 2 = 0 then '0 * * * *' end,
      t - interval '1 minute', t, t - interval '1 minute', t, 'timeout', ${oldIssue}::uuid
    from generate_series(0, 999) i, lateral (select ${ts(base)} - i * interval '5 minutes' as t) x`);
  await handle.db.execute(sql`
    insert into job (project_id, external_id, agent_name, status, harness, model, trigger, step,
      started_at, ended_at, first_event_at, last_event_at, failure_class, failure_issue_id)
    select ${projectId}, 'new-' || i, 'scout', 'failed', 'codex', 'm-new', 'cron',
      case i % 100 when 0 then 'write' when 50 then 'review' end,
      t - interval '1 minute', t, t - interval '1 minute', t, 'rate_limit', ${newIssue}::uuid
    from generate_series(0, 599) i, lateral (select ${ts(NOW.getTime())} - (i + 0.5) * interval '1 hour' as t) x`);
  await handle.db.execute(sql`analyze job`);
}

beforeAll(async () => {
  // a database of its own: the plans these tests check follow the planner's statistics of job, which other test
  // files' jobs in the shared database would skew (a 24h list read every job of the project in the full suite)
  ({ handle } = await openFreshDb("flatpages"));
  projectId = (await createTestProject(handle)).id;
  await seed();
});
afterAll(async () => handle.close());

describe("failures list", () => {
  it("counts the issue shown over all time from that issue's failures only", async () => {
    const filters = issuesQuerySchema.parse({ range: "all", limit: 1 });
    const { result, read } = await rowsRead(handle.url, "job", (db) =>
      listIssues({ db, projectId, filters, now: NOW }),
    );
    // the most recently seen issue is "new": 600 failures. Its sparkline's 14 days end today (Nov 20: the
    // 12 failures at 00:30..11:30) and hold 24 a day before (Nov 7..Nov 19).
    expect(result.map((i) => [i.id, i.events_in_range])).toEqual([[newIssue, 600]]);
    expect(result[0]?.sparkline).toEqual([...Array(13).fill(24), 12]);
    // 600 for the count, 12 + 13 x 24 = 324 for the sparkline; never the 1,000 failures of "old"
    expect(read).toBeLessThanOrEqual(600 + 324);
  });

  it("reads a day's failures of the issues shown for 24h", async () => {
    const filters = issuesQuerySchema.parse({ range: "24h", limit: 50 });
    const { result, read } = await rowsRead(handle.url, "job", (db) =>
      listIssues({ db, projectId, filters, now: NOW }),
    );
    // failures at NOW - (i + 0.5) h with i + 0.5 <= 24: i = 0..23, 24 of them; the sparkline's two days hold
    // 12 on Nov 19 (12:30..23:30, from the range's start) and 12 on Nov 20
    expect(result.map((i) => [i.id, i.events_in_range, i.sparkline])).toEqual([[newIssue, 24, [12, 12]]]);
    expect(read).toBeLessThanOrEqual(24 + 24);
  });
});

describe("failures chart and breakdown", () => {
  it("counts all time from failure_daily's days and job's partial day, with the page's default state", async () => {
    for (const state of [undefined, "open"] as const) {
      const filters = { state };
      const { result, read } = await rowsRead(handle.url, "job", (db) =>
        failureClasses({ db, projectId, bounds: null, filters, now: NOW }),
      );
      // 1,000 timeouts and 600 rate limits, both issues open (new)
      expect(result.breakdown.map((b) => [b.failure_class, b.count, b.previous])).toEqual([
        ["timeout", 1000, 0],
        ["rate_limit", 600, 0],
      ]);
      // all time charts the last 30 days by day: Oct 21 (from 12:00) .. Nov 20, rate limits from Oct 26
      expect(result.series.rows.map((r) => r.count)).toEqual([12, ...Array(24).fill(24), 12]);
      expect(result.series.rows[0]?.bucket).toBe("2026-10-26T00:00:00Z");
      // job is read for today's 12 failures only (breakdown and chart): not the 1,600
      expect(read).toBeLessThanOrEqual(12 + 12);
    }
  });

  it("reads job for an agent filter, which failure_daily cannot answer", async () => {
    const { result } = await rowsRead(handle.url, "job", (db) =>
      failureClasses({ db, projectId, bounds: null, filters: { agent: "a-1" }, now: NOW }),
    );
    // old failures i = 1, 5, ..., 997: 250 of them
    expect(result.breakdown.map((b) => [b.failure_class, b.count])).toEqual([["timeout", 250]]);
  });
});

describe("issue page", () => {
  it("counts every failure of the last 30 days in its timeline, not only the 500 latest jobs", async () => {
    const issue = await getIssue({ db: handle.db, projectId, id: newIssue, now: NOW });
    // days Oct 22..Nov 20; failures from Oct 26 12:30 (i = 599) to Nov 20 11:30: 12 on Oct 26, 24 a day
    // Oct 27..Nov 19, 12 on Nov 20 (12 + 24 x 24 + 12 = 600)
    const expected = [0, 0, 0, 0, 12, ...Array(24).fill(24), 12];
    expect(issue?.timeline.map((t) => t.count)).toEqual(expected);
    expect(issue?.timeline[0]?.day).toBe("2026-10-22");
    expect(issue?.timeline.at(-1)?.day).toBe("2026-11-20");
    expect(issue?.sparkline).toEqual(expected.slice(-14));
  });
});

describe("jobs list", () => {
  it("lists its filter menus with one index probe per value", async () => {
    const { result, read } = await rowsRead(handle.url, "job", (db) => getJobFacets({ db, projectId }));
    expect(result).toEqual({
      agents: ["a-0", "a-1", "a-2", "a-3", "scout"],
      models: ["m-new", "m-old"],
      harnesses: ["codex", "h-old"],
      triggers: ["cron"],
      schedules: ["hourly"],
      steps: ["review", "write"],
    });
    // 13 values, each found by one probe that returns it: 13 rows, not 6 x 1,600. (With the step condition written
    // twice, PostgreSQL took steps for far rarer than they are: here it read 18, the whole step index for each next
    // step; with sequential scans allowed, as in production, it scanned the whole job table for each.)
    expect(read).toBe(13);
  });

  it("counts a 24h range from the range's jobs", async () => {
    const filters = jobsQuerySchema.parse({ range: "24h" });
    const { result, read } = await rowsRead(handle.url, "job", (db) =>
      listJobs({ db, projectId, filters, now: NOW }),
    );
    // active in the last 24 h: the 24 "new" failures of the last day
    expect(result.total).toBe(24);
    expect(result.jobs).toHaveLength(24);
    expect(read).toBeLessThanOrEqual(24 * 2 + 10);
  });

  it("knows a project has jobs from one row", async () => {
    const { result, read } = await rowsRead(handle.url, "job", (db) => hasJobs({ db, projectId }));
    expect(result).toBe(true);
    expect(read).toBe(1);
  });
});

describe("offline agents (Overview, /api/metrics)", () => {
  it("finds an agent's latest activity through its jobs from its latest hour, not its week of jobs", async () => {
    // the agents were last seen themselves long ago: only their jobs say when they were last heard of
    const old = ts(NOW.getTime() - 200 * DAY);
    await handle.db.execute(sql`insert into agent (project_id, name, first_seen_at, last_seen_at)
      select ${projectId}, n, ${old}, ${old} from unnest(array['a-0', 'a-1', 'a-2', 'a-3', 'scout']) n`);
    const { result, read } = await rowsRead(handle.url, "job", (db) =>
      offlineAgents({ db, projectId, offlineMs: 10 * 60_000, now: NOW }),
    );
    // scout's latest job ended at NOW - 30 min (11:30, i = 0), more than 10 minutes ago; a-0..a-3's jobs are 100
    // days old, outside the 7-day window
    expect(result).toEqual({
      total: 1,
      items: [{ name: "scout", last_activity_at: "2026-11-20T11:30:00.000Z" }],
    });
    // scout has 168 jobs active within the window, one in its latest hour (11:00): its activity reads the latest
    // hour (1 row) and that hour's job (1 row), once (not once for each place the query uses it); the a-* agents
    // have no hour in the window and read nothing
    expect(read).toBe(2);
  });

  it("does not read the jobs of an agent heard of itself within the offline time", async () => {
    await handle.db.execute(sql`update agent set last_seen_at = ${ts(NOW.getTime() - 60_000)}
      where project_id = ${projectId} and name = 'scout'`);
    const { result, read } = await rowsRead(handle.url, "job", (db) =>
      offlineAgents({ db, projectId, offlineMs: 10 * 60_000, now: NOW }),
    );
    expect(result).toEqual({ total: 0, items: [] });
    expect(read).toBe(0);
  });
});
