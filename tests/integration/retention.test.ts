// Per-project retention (lib/retention/run.ts) on real PostgreSQL: whole days past the raw horizon go (events,
// transcript entries, ledger) while jobs, rollups and issues stay; jobs and the rest go past the long horizon; a
// day the projector has not folded stays; two instances running at once remove a day once; settings are checked.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import { type DbHandle, openDatabase } from "@/db/client";
import { auditLog, project } from "@/db/schema";
import { appendEvents } from "@/lib/ingest/append";
import { ingestBatch } from "@/lib/ingest/ingest";
import { drainProjections } from "@/lib/ingest/projector";
import { type IngestEvent, parseEvent } from "@/lib/ingest/protocol";
import { utcDay } from "@/lib/retention/partitions";
import { runRetention } from "@/lib/retention/run";
import { updateRetention } from "@/lib/retention/settings";
import { getTranscriptPage } from "@/lib/transcripts/queries";
import { createTestProject, openTestDb } from "../helpers/db";

let h: DbHandle;
let other: DbHandle; // a second "instance": a pool of its own
beforeAll(async () => {
  h = await openTestDb();
  other = await openDatabase({ url: h.url });
});
afterAll(async () => {
  await other.close();
  await h.close();
});

const DAY = 86_400_000;
const NOW = new Date();
/** Noon (UTC) `d` days before today, plus `s` seconds: far from a day's edge. */
const daysAgo = (d: number, s = 0) =>
  new Date(Date.parse(`${utcDay(new Date(NOW.getTime() - d * DAY))}T12:00:00Z`) + s * 1000).toISOString();
const n = async (query: ReturnType<typeof sql>) =>
  Number(rowsOf<{ n: number }>(await h.db.execute(query))[0]?.n);
const partition = (projectId: string, day: string, table = "event") =>
  n(
    sql`select count(*)::int as n from pg_class where relname = ${`${table}_p${projectId.replaceAll("-", "")}_${day.replaceAll("-", "")}`}`,
  );

/**
 * A failed job with a tool call and usage on one day: 5 events, 5 transcript entries, 1 usage hour, and an issue
 * of its own (the job's name in parentheses is not masked by the fingerprint, so each job files its own issue).
 */
function failedJob(job: string, d: number) {
  const e = (k: number, type: string, data: Record<string, unknown>) => ({
    id: `${job}-${k}`,
    type,
    time: daysAgo(d, k),
    job,
    agent: "scout",
    data,
  });
  return [
    e(0, "job.started", { harness: "claude-code", model: "claude-sonnet-4-5" }),
    e(1, "job.tool_call", { call_id: "c1", tool: "Bash", input: { command: "npm test" } }),
    e(2, "job.tool_result", { call_id: "c1", output: "boom", is_error: true }),
    e(3, "job.usage", { model: "claude-sonnet-4-5", input_tokens: 1000, output_tokens: 100 }),
    e(4, "job.failed", { error: { message: `429 rate limited (${job})`, code: 429 } }),
  ];
}

const counts = async (projectId: string) => ({
  events: await n(sql`select count(*)::int as n from event where project_id = ${projectId}`),
  entries: await n(sql`select count(*)::int as n from transcript_entry where project_id = ${projectId}`),
  ledger: await n(sql`select count(*)::int as n from event_key where project_id = ${projectId}`),
  jobs: await n(sql`select count(*)::int as n from job where project_id = ${projectId}`),
  issues: await n(sql`select count(*)::int as n from failure_issue where project_id = ${projectId}`),
  hours: await n(sql`select count(*)::int as n from usage_hourly where project_id = ${projectId}`),
  jobUsage: await n(sql`select count(*)::int as n from job_usage where project_id = ${projectId}`),
});

const audits = (projectId: string) =>
  h.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.projectId, projectId), eq(auditLog.action, "retention.run")));

describe("retention", () => {
  it("drops a day past the raw horizon (events, entries, ledger); jobs, rollups and issues stay", async () => {
    const p = await createTestProject(h);
    // job "old" 100 days ago (past the default 90), job "recent" 10 days ago
    const raw = [...failedJob("old", 100), ...failedJob("recent", 10)];
    expect(await ingestBatch({ db: h.db, projectId: p.id, apiKeyId: null, rawEvents: raw })).toMatchObject({
      accepted: 10,
    });
    expect(await counts(p.id)).toEqual({
      events: 10,
      entries: 10,
      ledger: 10,
      jobs: 2,
      issues: 2,
      hours: 2,
      jobUsage: 2,
    });
    const oldDay = utcDay(daysAgo(100));

    const run = await runRetention(h.db, { now: NOW, projectIds: [p.id] });
    // the old day's 5 events, 5 entries and 5 ledger rows go; both jobs, both issues (last seen 100 and 10 days
    // ago) and both usage hours stay (400 days)
    expect(await counts(p.id)).toEqual({
      events: 5,
      entries: 5,
      ledger: 5,
      jobs: 2,
      issues: 2,
      hours: 2,
      jobUsage: 2,
    });
    expect(await partition(p.id, oldDay)).toBe(0);
    expect(await partition(p.id, oldDay, "transcript_entry")).toBe(0);
    expect(await partition(p.id, utcDay(daysAgo(10)))).toBe(1);
    const mine = run?.projects.find((r) => r.projectId === p.id);
    expect(mine).toMatchObject({ days: [oldDay], ledgerRows: 5, jobs: 0, failureIssues: 0, usageHourly: 0 });
    // the partitions made ahead: tomorrow and the day after exist
    expect(await partition(p.id, utcDay(new Date(NOW.getTime() + 2 * DAY)))).toBe(1);
    // the project says before when raw events are gone: the end of the old day
    const [row] = await h.db.select().from(project).where(eq(project.id, p.id));
    expect(row?.rawEventsRemovedBefore?.toISOString()).toBe(
      new Date(Date.parse(`${oldDay}T00:00:00Z`) + DAY).toISOString(),
    );
    expect(row?.rawEventsRemovedAt?.toISOString()).toBe(NOW.toISOString());
    const [entry] = await audits(p.id);
    expect(entry?.actorType).toBe("system");
    expect(entry?.after).toMatchObject({ days_dropped: [oldDay], ledger_rows: 5, jobs: 0 });
    // the transcript API of the old job says its transcript was removed, when and why; the recent one's does not
    const jobId = async (ext: string) =>
      rowsOf<{ id: string }>(
        await h.db.execute(sql`select id from job where project_id = ${p.id} and external_id = ${ext}`),
      )[0]?.id as string;
    const oldPage = await getTranscriptPage({
      db: h.db,
      projectId: p.id,
      jobId: await jobId("old"),
      limit: 50,
    });
    expect(oldPage).toMatchObject({ total: 0, entries: [] });
    expect(oldPage.removed).toEqual({
      whole: true,
      before: new Date(Date.parse(`${oldDay}T00:00:00Z`) + DAY).toISOString(),
      removed_at: NOW.toISOString(),
      raw_retention_days: 90,
      job_retention_days: 400,
      message: `The transcript of this job was removed on ${NOW.toISOString().slice(0, 10)} by the project's 90-day retention of raw events. The job, its costs and its failure stay for 400 days.`,
    });
    const recentPage = await getTranscriptPage({
      db: h.db,
      projectId: p.id,
      jobId: await jobId("recent"),
      limit: 50,
    });
    expect(recentPage).toMatchObject({ total: 5, removed: null });
    // a second run has nothing to remove and writes no entry
    await runRetention(h.db, { now: NOW, projectIds: [p.id] });
    expect(await audits(p.id)).toHaveLength(1);
  });

  it("deletes jobs, issues and rollups past the long horizon", async () => {
    const p = await createTestProject(h);
    await ingestBatch({
      db: h.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [...failedJob("ancient", 50), ...failedJob("fresh", 5)],
    });
    // raw 20 days, jobs 30 days: "ancient" (50 days) goes whole, "fresh" (5 days) stays
    expect(
      await updateRetention({
        db: h.db,
        projectId: p.id,
        input: { raw_retention_days: 20, job_retention_days: 30 },
      }),
    ).toEqual({ ok: true });
    const run = await runRetention(h.db, { now: NOW, projectIds: [p.id] });
    // the ancient job, its issue (last seen 50 days ago), its usage hour and its job_usage row go; the raw day
    // of 50 days ago went too (past 20 days); everything of "fresh" (5 days ago) stays
    expect(run?.projects.find((r) => r.projectId === p.id)).toMatchObject({
      jobs: 1,
      usageHourly: 1,
      jobUsage: 1,
      failureIssues: 1,
    });
    expect(await counts(p.id)).toEqual({
      events: 5,
      entries: 5,
      ledger: 5,
      jobs: 1,
      issues: 1,
      hours: 1,
      jobUsage: 1,
    });
    const left = rowsOf<{ external_id: string }>(
      await h.db.execute(sql`select external_id from job where project_id = ${p.id}`),
    );
    expect(left.map((j) => j.external_id)).toEqual(["fresh"]);
  });

  it("keeps a day whose events wait for the projector, and drops it once they are projected", async () => {
    const p = await createTestProject(h);
    const events = failedJob("late", 120).map((raw) => {
      const r = parseEvent(raw, NOW);
      if (!r.ok) throw new Error(r.error);
      return r.event as IngestEvent;
    });
    // appended and queued, not projected (no projector started here)
    await appendEvents(h.db, [{ projectId: p.id, apiKeyId: null, events, live: true }]);
    const day = utcDay(daysAgo(120));
    const first = await runRetention(h.db, { now: NOW, projectIds: [p.id] });
    expect(first?.projects.find((r) => r.projectId === p.id)).toMatchObject({ days: [], keptPending: [day] });
    expect(await partition(p.id, day)).toBe(1);
    expect((await counts(p.id)).events).toBe(5);

    await drainProjections(h.db, { projectId: p.id });
    const second = await runRetention(h.db, { now: NOW, projectIds: [p.id] });
    expect(second?.projects.find((r) => r.projectId === p.id)).toMatchObject({
      days: [day],
      keptPending: [],
    });
    // the job the projector made stays, its transcript is gone with its day
    expect(await counts(p.id)).toMatchObject({ events: 0, entries: 0, ledger: 0, jobs: 1 });
  });

  it("two instances running at once remove a day once, with one audit entry", async () => {
    const p = await createTestProject(h);
    await ingestBatch({ db: h.db, projectId: p.id, apiKeyId: null, rawEvents: failedJob("twice", 95) });
    const [a, b] = await Promise.all([
      runRetention(h.db, { now: NOW, projectIds: [p.id] }),
      runRetention(other.db, { now: NOW, projectIds: [p.id] }),
    ]);
    // either one ran while the other was refused the lock (null), or they ran one after the other and the
    // second found nothing: the day was dropped by exactly one of them
    const dropped = [a, b].flatMap(
      (r) => r?.projects.filter((x) => x.projectId === p.id).flatMap((x) => x.days) ?? [],
    );
    expect(dropped).toEqual([utcDay(daysAgo(95))]);
    expect(await audits(p.id)).toHaveLength(1);
    expect((await counts(p.id)).events).toBe(0);

    // while a run holds the lock (here a connection holding it), another instance's run does nothing
    const client = (h.db as unknown as { $client: import("postgres").Sql }).$client;
    const holder = await client.reserve();
    await holder`select pg_advisory_lock(hashtextextended('fleetwatch.retention', 0))`;
    try {
      expect(await runRetention(other.db, { now: NOW, projectIds: [p.id] })).toBeNull();
    } finally {
      await holder`select pg_advisory_unlock(hashtextextended('fleetwatch.retention', 0))`;
      holder.release();
    }
  });

  it("validates the settings: whole days 1..3650, raw at most jobs", async () => {
    const p = await createTestProject(h);
    const save = (input: unknown) => updateRetention({ db: h.db, projectId: p.id, input });
    expect(await save({ raw_retention_days: 0, job_retention_days: 400 })).toMatchObject({
      ok: false,
      field: "raw_retention_days",
    });
    expect(await save({ raw_retention_days: 90, job_retention_days: 3651 })).toMatchObject({
      ok: false,
      field: "job_retention_days",
    });
    expect(await save({ raw_retention_days: 1.5, job_retention_days: 400 })).toMatchObject({
      ok: false,
      error: "Whole days only.",
    });
    expect(await save({ raw_retention_days: "90", job_retention_days: 400 })).toMatchObject({ ok: false });
    expect(await save({ raw_retention_days: 500, job_retention_days: 400 })).toMatchObject({
      ok: false,
      field: "raw_retention_days",
    });
    expect(await save({ raw_retention_days: 90, job_retention_days: 400, extra: 1 })).toMatchObject({
      ok: false,
    });
    const [row] = await h.db.select().from(project).where(eq(project.id, p.id));
    expect([row?.rawRetentionDays, row?.jobRetentionDays]).toEqual([90, 400]);
    expect(await save({ raw_retention_days: 3650, job_retention_days: 3650 })).toEqual({ ok: true });
  });
});
