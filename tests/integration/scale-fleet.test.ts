// The bench's fast loader (bench/lib/scale-fleet.ts): a template fleet loaded through the write path, cloned
// three times into a target project shifted one template-span (1 day) per copy, must hold exactly what ingesting
// the equivalent shifted events through the real write path gives (a reference project): same rows, same
// rollups after rebuildRollups, same Overview figures for a range over all three copies and for one copy alone.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAgainstEvents } from "@/bench/lib/scale-check";
import { cloneCopies, DAY_MS, loadTemplate, type Template } from "@/bench/lib/scale-fleet";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { getOverview } from "@/lib/overview/queries";
import { resolveRange } from "@/lib/range/range";
import { generateFleet, type WireEvent } from "@/lib/simulator";
import { createTestProject, openTestDb } from "../helpers/db";

// two hours ago, so no shifted event is in the future; a whole second keeps every timestamp exact
const NOW = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;
// 48 a day: the simulator runs weekends at 0.55x a weekday's 1.18x, and NOW follows the clock, so a window over
// a Saturday had 17 jobs at 24 a day (CI on a Saturday failed the check of more than 20 below); 48 gives ~26-57
const FLEET = { agents: 4, days: 1, jobsPerDay: 48, seed: 7, now: NOW };
const COPIES = 3;

let handle: DbHandle;
let template: Template;
let target: string;
let reference: string;
let running: Set<string>; // the template's jobs still running at its end: left out of copies 1 and 2
let templateEvents: WireEvent[];

/** Copy k of a template event, as the loader writes it: ids and job references suffixed, time k days back. */
function shifted(e: WireEvent, k: number): WireEvent {
  if (k === 0) return e;
  const s = (v: unknown) => (typeof v === "string" ? `${v}~${k}` : v);
  const data: Record<string, unknown> = { ...e.data };
  for (const key of ["parent_job", "root_job", "retry_of"]) if (key in data) data[key] = s(data[key]);
  return {
    ...e,
    id: `${e.id}~${k}`,
    time: new Date(Date.parse(e.time) - k * DAY_MS).toISOString(),
    ...(e.job ? { job: `${e.job}~${k}` } : {}),
    data,
  } as WireEvent;
}

async function ingestAll(projectId: string, events: WireEvent[]) {
  for (let i = 0; i < events.length; i += 500) {
    const r = await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: events.slice(i, i + 500),
    });
    expect(r.rejected).toBe(0);
  }
}

const count = async (table: string, projectId: string) =>
  rowsOf<{ n: number }>(
    await handle.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} where project_id = ${projectId}::uuid`,
    ),
  )[0]?.n ?? -1;

beforeAll(async () => {
  handle = await openTestDb();
  templateEvents = [...generateFleet(FLEET)];
  const tpl = await createTestProject(handle);
  template = await loadTemplate(handle, { ...FLEET, slug: tpl.slug });
  running = new Set(
    rowsOf<{ external_id: string }>(
      await handle.db.execute(
        sql`select external_id from job where project_id = ${template.projectId}::uuid and status = 'running'`,
      ),
    ).map((r) => r.external_id),
  );
  target = (await createTestProject(handle)).id;
  await cloneCopies(handle.db, template, target, { from: 0, to: COPIES });
  // the reference: the same copies through the write path, oldest first (as a fleet's history arrives)
  reference = (await createTestProject(handle)).id;
  for (let k = COPIES - 1; k >= 0; k--) {
    const kept = templateEvents.filter((e) => k === 0 || !e.job || !running.has(e.job));
    await ingestAll(
      reference,
      kept.map((e) => shifted(e, k)),
    );
  }
}, 300_000);

afterAll(async () => {
  await handle?.close();
});

describe("scale fleet loader (clone and shift)", () => {
  it("writes three copies: the template's rows x3, less the cut-off running jobs in copies 1 and 2", async () => {
    // the template loaded every generated event; a 48-jobs-a-day fleet of 4 has jobs of every outcome
    expect(await count("event", template.projectId)).toBe(templateEvents.length);
    const runningEvents = templateEvents.filter((e) => e.job && running.has(e.job)).length;
    // copy 0 is the template; copies 1 and 2 each lack the running jobs' events
    expect(await count("event", target)).toBe(3 * templateEvents.length - 2 * runningEvents);
    const tplJobs = await count("job", template.projectId);
    expect(tplJobs).toBeGreaterThan(20);
    expect(await count("job", target)).toBe(3 * tplJobs - 2 * running.size);
    for (const table of [
      "event",
      "job",
      "transcript_entry",
      "job_usage",
      "usage_hourly",
      "failure_issue",
      "agent",
    ])
      expect(await count(table, target), table).toBe(await count(table, reference));
  });

  it("gives every copied row an id of its own", async () => {
    const [r] = rowsOf<Record<string, number>>(
      await handle.db.execute(sql`
        select (select count(*) - count(distinct id) from event where project_id = ${target}::uuid)::int as events,
               (select count(*) - count(distinct external_id) from job where project_id = ${target}::uuid)::int as ext,
               (select count(*) from job a join job b on a.id = b.id and a.project_id <> b.project_id
                  where a.project_id = ${target}::uuid)::int as shared_uuids,
               (select count(*) from transcript_entry t left join job j on j.id = t.job_id
                  where t.project_id = ${target}::uuid and j.project_id is distinct from t.project_id)::int as orphans`),
    );
    expect(r).toEqual({ events: 0, ext: 0, shared_uuids: 0, orphans: 0 });
  });

  it("holds the rows the write path gives for the same shifted events", async () => {
    const jobs = (p: string) =>
      handle.db.execute(sql`
        select external_id, status, agent_name, model, parent_external_id, root_external_id, retry_of_external_id,
               started_at, ended_at, sort_at, cost_usd::text, input_tokens, event_count, failure_class,
               (select fingerprint from failure_issue i where i.id = job.failure_issue_id) as issue
        from job where project_id = ${p}::uuid order by external_id`);
    expect(await jobs(target)).toEqual(await jobs(reference));
    const hourly = (p: string) =>
      handle.db.execute(sql`
        select hour, agent_name, model, harness, input_tokens, output_tokens, cost_usd::text, usage_events
        from usage_hourly where project_id = ${p}::uuid order by hour, agent_name, model, harness`);
    expect(await hourly(target)).toEqual(await hourly(reference));
    const issues = (p: string) =>
      handle.db.execute(sql`
        select fingerprint, failure_class, title, state, event_count, first_seen_at, last_seen_at
        from failure_issue where project_id = ${p}::uuid order by fingerprint`);
    const clonedIssues = rowsOf<{ event_count: number }>(await issues(target));
    expect(clonedIssues.length).toBeGreaterThan(0);
    expect(clonedIssues).toEqual(await issues(reference));
    const transcripts = (p: string) =>
      handle.db.execute(sql`
        select j.external_id, t.event_id, t.time, t.kind, t.call_id, t.text
        from transcript_entry t join job j on j.id = t.job_id
        where t.project_id = ${p}::uuid order by t.event_id`);
    expect(await transcripts(target)).toEqual(await transcripts(reference));
    const agents = (p: string) =>
      handle.db.execute(sql`
        select name, status, first_seen_at, last_seen_at, last_heartbeat_at
        from agent where project_id = ${p}::uuid order by name`);
    expect(await agents(target)).toEqual(await agents(reference));
  });

  it("shows the same Overview figures over all three copies and over one copy alone", async () => {
    const now = new Date(NOW);
    const ranges = {
      all: resolveRange({ range: "custom", from: new Date(NOW - 3 * DAY_MS - 3_600_000), to: now }, now),
      copy1: resolveRange(
        { range: "custom", from: new Date(NOW - 2 * DAY_MS), to: new Date(NOW - DAY_MS) },
        now,
      ),
      "24h": resolveRange({ range: "24h" }, now),
    };
    for (const [name, range] of Object.entries(ranges)) {
      const a = await getOverview({ db: handle.db, projectId: target, range, now });
      const b = await getOverview({ db: handle.db, projectId: reference, range, now });
      expect(a.headline, name).toEqual(b.headline);
      expect(a.series, name).toEqual(b.series);
      // issue ids differ between the two projects; what the list says must not
      const attention = (o: typeof a) => ({
        ...o.attention,
        issues: o.attention.issues.items.map(({ id: _id, ...rest }) => rest),
        stalled_jobs: o.attention.stalled_jobs.items.map(({ id: _id, ...rest }) => rest),
      });
      expect(attention(a), name).toEqual(attention(b));
      if (name === "all") {
        // three copies of the template's jobs, less the two copies' cut-off running jobs
        const tplJobs = await count("job", template.projectId);
        expect(a.headline.jobs.current).toBe(3 * tplJobs - 2 * running.size);
      }
    }
  });

  // last: it corrupts the target's projection on purpose
  it("has the bench's raw-event sample find the clone identical, and a wrong projection different", async () => {
    const now = new Date();
    const ok = await checkAgainstEvents(handle.db, target, ["24h", "7d"], now);
    expect(ok.map((l) => [l.what, l.identical])).toEqual([
      ["Overview 24h: jobs by outcome", true],
      ["Overview 24h: spend by model", true],
      ["Overview 24h: failed jobs", true],
      ["Overview 7d: jobs by outcome", true],
      ["Overview 7d: spend by model", true],
      ["Overview 7d: failed jobs", true],
    ]);
    // one failed job of copy 1 (a day back: inside 7d, outside 24h) said to have succeeded, and its usage doubled
    const [victim] = rowsOf<{ id: string }>(
      await handle.db.execute(sql`
        select id from job where project_id = ${target}::uuid and status = 'failed' and external_id like '%~1'
          and exists (select 1 from job_usage u where u.job_id = job.id)
        limit 1`),
    );
    expect(victim).toBeDefined();
    await handle.db.execute(sql`update job set status = 'succeeded' where id = ${victim?.id}::uuid`);
    await handle.db.execute(sql`update usage_hourly u set cost_usd = u.cost_usd * 2
      from job_usage j where j.job_id = ${victim?.id}::uuid and u.project_id = j.project_id and u.hour = j.hour
        and u.model = j.model and u.agent_name = j.agent_name and u.harness = j.harness`);
    const bad = await checkAgainstEvents(handle.db, target, ["7d"], now);
    // 7d: the outcome counts and the failed jobs move by one; the doubled hour changes its model's spend
    expect(bad.map((l) => [l.what, l.identical])).toEqual([
      ["Overview 7d: jobs by outcome", false],
      ["Overview 7d: spend by model", false],
      ["Overview 7d: failed jobs", false],
    ]);
    expect(bad[0]?.detail).toMatch(/succeeded: page (\d+), events (\d+)/);
  });
});
