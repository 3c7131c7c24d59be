// Deleting a project (issue 19, point 13): it vanishes at once (lists, lookups, the API, ingest refuses its keys
// with a clear 403), its rows go in the background in small batches, another project is untouched, and every
// step is in the audit log. Real PostgreSQL, real ingest path, real route handlers.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/v1/events/route";
import type { DbHandle } from "@/db/client";
import { auditLog, budget, project, projectAccess } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { systemActor } from "@/lib/audit/record";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { deleteProject } from "@/lib/projects/manage";
import { DROPPED_WHOLE, KEPT_TABLES, PURGE_ORDER, purgeDeletedProjects } from "@/lib/projects/purge";
import { ensureProject, getProjectBySlug, listProjects } from "@/lib/projects/queries";
import { createTestProject, openTestDb } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";
import { createUser, TEST_ORIGIN } from "../helpers/users";

const actor = systemActor("projects-delete-test");
const at = (s: number) => new Date(Date.now() - 60 * 60_000 + s * 1000).toISOString();

/** One failed job: queued, started, usage, failed = 4 events, each also one transcript entry. */
function failedJob(jobId: string) {
  return [
    { id: `${jobId}-q`, type: "job.queued", time: at(0), job: jobId, data: { title: "t" } },
    {
      id: `${jobId}-s`,
      type: "job.started",
      time: at(2),
      job: jobId,
      agent: "scout",
      data: { harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    {
      id: `${jobId}-u`,
      type: "job.usage",
      time: at(3),
      job: jobId,
      data: { model: "claude-sonnet-4-5", input_tokens: 100, output_tokens: 20, cost_usd: 0.01 },
    },
    {
      id: `${jobId}-f`,
      type: "job.failed",
      time: at(9),
      job: jobId,
      data: { error: { message: "429 rate limited", code: 429 }, retryable: true },
    },
  ];
}

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

/** Rows of the project in every table that has a project_id column (audit_log apart: it is history). */
async function counts(projectId: string) {
  const n = async (table: string) =>
    Number(
      (
        (await handle.db.execute(
          sql`select count(*)::int as n from ${sql.identifier(table)} where project_id = ${projectId}::uuid`,
        )) as unknown as { n: number }[]
      )[0]?.n,
    );
  return {
    event: await n("event"),
    transcript_entry: await n("transcript_entry"),
    job: await n("job"),
    job_usage: await n("job_usage"),
    usage_hourly: await n("usage_hourly"),
    job_outcome_hourly: await n("job_outcome_hourly"),
    usage_daily: await n("usage_daily"),
    failure_issue: await n("failure_issue"),
    alert_signal: await n("alert_signal"),
    agent: await n("agent"),
    api_key: await n("api_key"),
    budget: await n("budget"),
    project_access: await n("project_access"),
  };
}

async function ingestWithKey(key: string, ids: string[]) {
  const res = await postEvents(
    new Request(`${TEST_ORIGIN}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events: failedJob(ids[0] ?? "x").slice(0, 1) }),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: await res.json() };
}

describe("deleting a project", () => {
  it("hides it at once, refuses its keys, purges its rows in batches and leaves the other project as it was", async () => {
    const a = await createTestProject(handle);
    const b = await createTestProject(handle);
    // A: 3 failed jobs, B: 1 (the same shape), all through the real write path
    for (const id of ["j1", "j2", "j3"]) {
      await ingestBatch({ db: handle.db, projectId: a.id, apiKeyId: null, rawEvents: failedJob(id) });
    }
    await ingestBatch({ db: handle.db, projectId: b.id, apiKeyId: null, rawEvents: failedJob("j1") });
    const keyA = await createApiKey({ db: handle.db, projectId: a.id, name: "runner a", scopes: ["ingest"] });
    const keyB = await createApiKey({ db: handle.db, projectId: b.id, name: "runner b", scopes: ["ingest"] });
    await handle.db.insert(budget).values([
      { projectId: a.id, scope: "project", period: "daily", amountUsd: "5" },
      { projectId: b.id, scope: "project", period: "daily", amountUsd: "5" },
    ]);
    const viewer = await createUser(handle.db, "viewer");
    await handle.db.insert(projectAccess).values([
      { userId: viewer.id, projectId: a.id },
      { userId: viewer.id, projectId: b.id },
    ]);

    // Per job: 4 events and 4 transcript entries (one per event), 1 job, 1 job_usage row (one model, one hour).
    // The jobs share the agent "scout", one hour x agent x model x harness (1 usage_hourly row, 1 usage_daily
    // row) and one failure fingerprint ("429 rate limited", rate_limit: 1 issue), one start hour with two
    // job_outcome_hourly keys (running, counted while the job ran and emptied when it failed; failed x
    // rate_limit); each failure leaves the alert evaluator one signal (alert_signal, until a tick consumes it).
    // A = 3 jobs, B = 1; each has 1 key, 1 budget, 1 access row.
    const perProject = (jobs: number) => ({
      event: 4 * jobs,
      transcript_entry: 4 * jobs,
      job: jobs,
      job_usage: jobs,
      usage_hourly: 1,
      job_outcome_hourly: 2,
      usage_daily: 1,
      failure_issue: 1,
      alert_signal: jobs,
      agent: 1,
      api_key: 1,
      budget: 1,
      project_access: 1,
    });
    expect(await counts(a.id)).toEqual(perProject(3));
    expect(await counts(b.id)).toEqual(perProject(1));

    // the wrong confirmation changes nothing
    expect(await deleteProject({ db: handle.db, actor, input: { slug: a.slug, confirm: b.slug } })).toEqual({
      ok: false,
      error: `Type the project's slug, ${a.slug}, to confirm.`,
    });
    expect(await getProjectBySlug({ db: handle.db, slug: a.slug })).not.toBeNull();

    expect(await deleteProject({ db: handle.db, actor, input: { slug: a.slug, confirm: a.slug } })).toEqual({
      ok: true,
    });
    // gone at once: no lookup, no list, no second delete; the rows are still there
    expect(await getProjectBySlug({ db: handle.db, slug: a.slug })).toBeNull();
    expect((await listProjects({ db: handle.db })).map((p) => p.slug)).not.toContain(a.slug);
    expect(await deleteProject({ db: handle.db, actor, input: { slug: a.slug, confirm: a.slug } })).toEqual({
      ok: false,
      error: "No such project: it may have been deleted already.",
    });
    expect((await counts(a.id)).event).toBe(12);
    // the slug is not reusable until the purge is done (it would bring the old rows back)
    await expect(ensureProject({ db: handle.db, slug: a.slug })).rejects.toThrow(/was deleted/);

    // ingest refuses A's key with a message that says why; B's key still works
    const refused = await ingestWithKey(keyA.key, ["late"]);
    expect(refused.status).toBe(403);
    expect(errorResponseSchema.parse(refused.body).error.message).toBe(
      `This API key belongs to project "${a.slug}", which was deleted: its keys no longer work. ` +
        "Create a key in another project (Settings > API keys).",
    );
    expect((await ingestWithKey(keyB.key, ["j9"])).status).toBe(200);

    // Other test files share this database and delete projects of their own while this one runs: these passes
    // are limited to A, so their budgets and results are A's alone.
    // A tick with a budget of 3 statements of 5 rows. First the project's tables of event and transcript_entry
    // are detached and dropped whole (2 partitions: their 12 events and 12 entries go at once, no budget spent),
    // then event_pending (already empty: 1 statement) and event_key (12 ledger rows: 5 + 5, the budget ends).
    const first = await purgeDeletedProjects(handle.db, { batchSize: 5, maxBatches: 3, projectIds: [a.id] });
    expect(first).toEqual({ purged: [], removed: { partitions: 2, event_key: 10 }, more: true });
    expect((await counts(a.id)).transcript_entry).toBe(0);
    expect((await counts(a.id)).event).toBe(0);

    // The next tick resumes and finishes: event_key 2, job_usage 3, alert_signal 3, jobs 3, issue 1,
    // usage_hourly 1, job_outcome_hourly 2, usage_daily 1, agent 1; then the project row, whose cascade takes the
    // key, the budget and the access row.
    const second = await purgeDeletedProjects(handle.db, { batchSize: 5, projectIds: [a.id] });
    expect(second).toEqual({
      purged: [a.slug],
      removed: {
        event_key: 2,
        job_usage: 3,
        alert_signal: 3,
        job: 3,
        failure_issue: 1,
        usage_hourly: 1,
        job_outcome_hourly: 2,
        usage_daily: 1,
        agent: 1,
      },
      more: false,
    });
    expect(await counts(a.id)).toEqual({
      event: 0,
      transcript_entry: 0,
      job: 0,
      job_usage: 0,
      usage_hourly: 0,
      job_outcome_hourly: 0,
      usage_daily: 0,
      failure_issue: 0,
      alert_signal: 0,
      agent: 0,
      api_key: 0,
      budget: 0,
      project_access: 0,
    });
    expect(await handle.db.select().from(project).where(eq(project.id, a.id))).toEqual([]);
    // B: as before, plus the one event and transcript entry its key sent after A's deletion
    expect(await counts(b.id)).toEqual({
      ...perProject(1),
      event: 5,
      transcript_entry: 5,
      job: 2,
      // j9, queued (its job.queued only): a third key, (that hour, queued, no class)
      job_outcome_hourly: 3,
    });

    // audit: the delete by the admin, the purge by the system; A's earlier entries are kept
    const entries = await handle.db
      .select({
        action: auditLog.action,
        actor: auditLog.actorLabel,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "project"), eq(auditLog.objectId, a.id)))
      .orderBy(auditLog.at);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ["project.delete", "projects-delete-test"],
      ["project.purge", "project-purge"],
    ]);
    expect(entries[0]?.before).toMatchObject({ slug: a.slug, name: a.slug });
    expect(entries[0]?.after).toEqual({ deleted_at: expect.any(String) });

    // and the slug is free again
    const again = await ensureProject({ db: handle.db, slug: a.slug });
    expect(again.id).not.toBe(a.id);
    expect(await counts(again.id)).toMatchObject({ event: 0, job: 0 });
  });

  it("refuses to delete the only live project", async () => {
    const { handle: fresh } = await openFreshDb("projects_last");
    try {
      const only = await ensureProject({ db: fresh.db, slug: "default", name: "Default" });
      expect(
        await deleteProject({ db: fresh.db, actor, input: { slug: only.slug, confirm: only.slug } }),
      ).toEqual({ ok: false, error: "This is the only project: create another one before deleting it." });
      const second = await ensureProject({ db: fresh.db, slug: "prod" });
      expect(
        await deleteProject({ db: fresh.db, actor, input: { slug: only.slug, confirm: only.slug } }),
      ).toEqual({ ok: true });
      // the alert evaluator no longer visits the deleted project: 1 project evaluated ("prod"), where the tick
      // before the filter visited both rows of the table
      expect((await evaluateAlerts(fresh.db, new Date())).projects).toBe(1);
      // "prod" is now the only live one
      expect(
        await deleteProject({ db: fresh.db, actor, input: { slug: second.slug, confirm: "prod" } }),
      ).toEqual({ ok: false, error: "This is the only project: create another one before deleting it." });
    } finally {
      await fresh.close();
    }
  });

  it("purges every table that holds a project_id (a table added later must be listed or cascade)", async () => {
    // tables with a project_id column, and whether a foreign key on it cascades from project
    const rows = (await handle.db.execute(sql`
      select c.table_name as t,
             exists (
               select 1 from information_schema.referential_constraints rc
                 join information_schema.key_column_usage k on k.constraint_name = rc.constraint_name
                 join information_schema.constraint_column_usage u on u.constraint_name = rc.constraint_name
                where k.table_name = c.table_name and k.column_name = 'project_id'
                  and u.table_name = 'project' and rc.delete_rule = 'CASCADE') as cascades
        from information_schema.columns c
       where c.table_schema = 'public' and c.column_name = 'project_id'
         -- partitions go with their parent (event, transcript_entry: dropped whole by the purge)
         and not exists (select 1 from pg_class pc where pc.relname = c.table_name and pc.relispartition)
       order by 1`)) as unknown as { t: string; cascades: boolean }[];
    // without a cascade from project: event and transcript_entry (their partitions dropped whole by the purge),
    // issue_activity (via failure_issue),
    // incident_event has no project_id; alert_signal must be purged by name; audit_log is kept
    const viaParent = ["issue_activity"];
    const uncovered = rows
      .filter((r) => !r.cascades)
      .map((r) => r.t)
      .filter(
        (t) =>
          !(PURGE_ORDER as readonly string[]).includes(t) &&
          !(KEPT_TABLES as readonly string[]).includes(t) &&
          !(DROPPED_WHOLE as readonly string[]).includes(t) &&
          !viaParent.includes(t),
      );
    expect(uncovered).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });
});
