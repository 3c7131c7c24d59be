// The queued write path: grouped appends acknowledged at commit, then the projector folding the queue exactly
// once. The inline path (events and projections in one transaction) is the reference: both must end the same.
import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import { type DbHandle, openDatabase } from "@/db/client";
import { appendEvents } from "@/lib/ingest/append";
import { ingestBatch } from "@/lib/ingest/ingest";
import { drainProjections, projectBatch, projectionBacklog } from "@/lib/ingest/projector";
import { stopProjector } from "@/lib/ingest/projector-loop";
import { type IngestEvent, parseEvent } from "@/lib/ingest/protocol";
import { sanitizeEvent } from "@/lib/ingest/redact";
import { createTestProject, openTestDb } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";

const root = path.resolve(import.meta.dirname, "../..");
const ago = (s: number) => new Date(Date.now() - 3_600_000 + s * 1000).toISOString();

/** A fleet's worth of facts: 12 jobs with tool calls, usage, failures (issues), completions and heartbeats. */
function events() {
  const out: Record<string, unknown>[] = [];
  for (let j = 0; j < 12; j++) {
    const job = `job-${j}`;
    const agent = `agent-${j % 3}`;
    const e = (n: number, type: string, data: Record<string, unknown>) =>
      out.push({ id: `${job}-${n}`, type, time: ago(j * 10 + n), job, agent, data });
    e(0, "job.started", { harness: "claude-code", model: "claude-sonnet-4-5", title: `Task ${j}` });
    e(1, "job.tool_call", { call_id: `c${j}`, tool: "Bash", input: { command: "npm test" } });
    e(2, "job.tool_result", { call_id: `c${j}`, output: "ok", is_error: j % 4 === 0 });
    e(3, "job.usage", { model: "claude-sonnet-4-5", input_tokens: 1000 + j, output_tokens: 10 * j });
    e(4, "job.message", { role: "assistant", text: `done with ${j} (token sk-ant-api03-${"x".repeat(40)})` });
    if (j % 3 === 0)
      e(5, "job.failed", { error: { message: `429 rate limited after ${j} tries`, code: 429 } });
    else e(5, "job.completed", { summary: `Task ${j} done` });
  }
  out.push({
    id: "hb-1",
    type: "agent.heartbeat",
    time: ago(200),
    agent: "agent-1",
    data: { status: "idle" },
  });
  return out;
}

/** Everything the projections hold for a project, without ids that differ between projects. */
/**
 * `byClass`: failure issues compared by class (their event counts summed), not by fingerprint. A failed job's
 * fingerprint names the tool of its failing last tool result when that result is already projected: projectors
 * folding the job's job.failed and its tool result at the same time (as concurrent requests on the inline path
 * do) may file the job under the fingerprint without the tool. The count of failures is the same either way.
 */
async function snapshot(h: DbHandle, projectId: string, { byClass = false } = {}) {
  const q = async (query: ReturnType<typeof sql>) =>
    rowsOf<Record<string, unknown>>(await h.db.execute(query));
  return {
    jobs: await q(sql`select to_jsonb(j) - 'id' - 'project_id' - 'updated_at' - 'failure_issue_id' as j,
      j.failure_issue_id is not null as has_issue from job j where project_id = ${projectId} order by external_id`),
    entries:
      await q(sql`select j.external_id, to_jsonb(t) - 'project_id' - 'job_id' as t from transcript_entry t
      join job j on j.id = t.job_id where t.project_id = ${projectId} order by t.event_id`),
    agents: await q(sql`select to_jsonb(a) - 'id' - 'project_id' as a from agent a
      where project_id = ${projectId} order by name`),
    issues: byClass
      ? await q(sql`select failure_class, sum(event_count)::int as n from failure_issue
          where project_id = ${projectId} group by 1 order by 1`)
      : await q(sql`select fingerprint, failure_class, event_count, state, first_seen_at, last_seen_at
          from failure_issue where project_id = ${projectId} order by fingerprint`),
    // (usage moved to its job's agent and harness once job.started arrives leaves an emptied row behind, so the
    // rows with no usage left are not compared: a different batching empties different rows)
    usage: await q(sql`select to_jsonb(u) - 'project_id' as u from usage_hourly u
      where project_id = ${projectId} and usage_events <> 0 order by 1`),
    // job_outcome_hourly (its triggers see other statements in another batching): only the keys that count
    outcomes: await q(sql`select to_jsonb(o) - 'project_id' as o from job_outcome_hourly o
      where project_id = ${projectId} and (jobs <> 0 or cost_usd <> 0 or cost_jobs <> 0 or unpriced_jobs <> 0)
      order by 1`),
  };
}

let handle: DbHandle;
/** A database of its own, where no projector of another test file (or this one) runs unless a test starts it. */
let quiet: DbHandle;
let quietUrl: string;
beforeAll(async () => {
  handle = await openTestDb();
  ({ url: quietUrl, handle: quiet } = await openFreshDb("projector"));
});
afterAll(async () => {
  await handle.close();
  await quiet.close();
});

/** Appends as the live route does, without waking a projector (the test decides who projects). */
async function appendOnly(projectId: string, raw: Record<string, unknown>[]) {
  const parsed = raw.map((r) => {
    const p = parseEvent(r);
    if (!p.ok) throw new Error(p.error);
    return sanitizeEvent(p.event).event as IngestEvent;
  });
  const [ids] = await appendEvents(quiet.db, [{ projectId, apiKeyId: null, events: parsed, live: true }]);
  expect(ids?.size).toBe(raw.length);
}

async function pendingOf(projectId: string) {
  return (await projectionBacklog(quiet.db, projectId)).pending;
}

describe("the queued write path", () => {
  it("ends in the same projections as the inline path, in any batching", async () => {
    // a handle of its own: the queued route wakes a projector on it, stopped at the end (the tests below decide
    // who projects on `quiet`)
    const h = await openDatabase({ url: quietUrl });
    const all = events();
    const inline = await createTestProject(quiet);
    await ingestBatch({ db: quiet.db, projectId: inline.id, apiKeyId: null, rawEvents: all });
    const queued = await createTestProject(quiet);
    // 7 requests at once, in reverse order: one or a few grouped appends
    const chunks = Array.from({ length: 7 }, (_, i) => all.filter((_, k) => k % 7 === i).reverse());
    const answers = await Promise.all(
      chunks.map((rawEvents) =>
        ingestBatch({ db: h.db, projectId: queued.id, apiKeyId: null, rawEvents, projection: "queued" }),
      ),
    );
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(all.length);
    await drainProjections(quiet.db, { projectId: queued.id, limit: 10 }); // several batches
    expect(await pendingOf(queued.id)).toBe(0);
    // (the route's wake-up projector and this drain fold batches at the same time: issues compared by class;
    // the tests below, with one projector, compare fingerprints too)
    const a = await snapshot(quiet, inline.id, { byClass: true });
    const b = await snapshot(quiet, queued.id, { byClass: true });
    expect(b.jobs).toHaveLength(12);
    expect(b.issues.length).toBeGreaterThan(0);
    // the redacted message counted on its job as inline does
    expect(b.jobs.every((r) => (r.j as { redaction_count: number }).redaction_count === 1)).toBe(true);
    expect(b).toEqual(a);
    stopProjector(h.db);
    await h.close();
  });

  it("stores and projects each id once under concurrent duplicate deliveries and concurrent projectors", async () => {
    const handles = await Promise.all([1, 2, 3, 4].map(() => openTestDb()));
    try {
      const p = await createTestProject(handle);
      const all = events();
      const answers = await Promise.all(
        handles.flatMap((h) =>
          [all, [...all].reverse()].map((rawEvents) =>
            ingestBatch({ db: h.db, projectId: p.id, apiKeyId: null, rawEvents, projection: "queued" }),
          ),
        ),
      );
      // 8 deliveries of the same events: each id accepted by exactly one of them
      expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(all.length);
      expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBe(all.length * 7);
      // four projectors at once (as four instances), small batches so they interleave
      await Promise.all(handles.map((h) => drainProjections(h.db, { projectId: p.id, limit: 5 })));
      const ref = await createTestProject(handle);
      await ingestBatch({ db: handle.db, projectId: ref.id, apiKeyId: null, rawEvents: all });
      const byClass = { byClass: true };
      expect(await snapshot(handle, p.id, byClass)).toEqual(await snapshot(handle, ref.id, byClass));
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });

  it("loses nothing and doubles nothing when a projector is killed mid-batch and another starts", async () => {
    const p = await createTestProject(quiet);
    const all = events();
    await appendOnly(p.id, all);
    expect(await pendingOf(p.id)).toBe(all.length);
    // A projector process claims the batch, writes every projection, then is killed (SIGKILL) before its commit.
    // (node itself, with tsx as a loader: SIGKILL must reach the process that holds the connection)
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/helpers/projector-child.ts", quiet.url, p.id],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "silent" } },
    );
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const claimed = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;

        if (/claimed \d+\n/.test(out)) resolve(out.trim());
      });
      child.on("exit", (code) => reject(new Error(`the projector exited (${code}) before claiming: ${err}`)));
    });
    expect(claimed).toBe(`claimed ${all.length}`);
    // while it holds its claim, another projector skips the claimed rows: nothing is projected twice
    expect(await projectBatch(quiet.db, { projectId: p.id })).toBe(0);
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    // its transaction died with its connection: no projection, every event still queued
    for (let i = 0; i < 100 && (await pendingOf(p.id)) !== all.length; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await pendingOf(p.id)).toBe(all.length);
    const [jobs] = rowsOf<{ n: number }>(
      await quiet.db.execute(sql`select count(*)::int as n from job where project_id = ${p.id}`),
    );
    expect(jobs?.n).toBe(0);
    // restarted: everything projected once
    expect(await drainProjections(quiet.db, { projectId: p.id })).toBe(all.length);
    const ref = await createTestProject(quiet);
    await ingestBatch({ db: quiet.db, projectId: ref.id, apiKeyId: null, rawEvents: all });
    expect(await snapshot(quiet, p.id)).toEqual(await snapshot(quiet, ref.id));
  });

  it("sets aside an event PostgreSQL refuses to project, with its reason, and projects the rest", async () => {
    const p = await createTestProject(quiet);
    // A refusal only the projection meets: a trigger on transcript entries raising a data exception (22023)
    // for the text "fw_test_refuse_projection" (no other test writes it).
    await quiet.db.execute(sql`create or replace function fw_test_refuse_projection() returns trigger
      language plpgsql as $$ begin raise exception 'refused at projection' using errcode = '22023'; end $$`);
    await quiet.db.execute(sql`create trigger fw_test_refuse_projection before insert on transcript_entry
      for each row when (new.text = 'fw_test_refuse_projection') execute function fw_test_refuse_projection()`);
    try {
      const all = events();
      const poison = {
        id: "poison",
        type: "job.message",
        time: ago(7),
        job: "job-0",
        agent: "agent-0",
        data: { role: "user", text: "fw_test_refuse_projection" },
      };
      await appendOnly(p.id, [...all, poison]);
      await drainProjections(quiet.db, { projectId: p.id });
      expect(await projectionBacklog(quiet.db, p.id)).toMatchObject({ pending: 0, failed: 1 });
      const [failed] = rowsOf<{ event_id: string; error: string }>(
        await quiet.db.execute(sql`select event_id, error from event_pending where project_id = ${p.id}`),
      );
      expect(failed).toEqual({ event_id: "poison", error: "refused at projection" });
      // every other event projected: the same as the inline path without the poison
      const ref = await createTestProject(quiet);
      await ingestBatch({ db: quiet.db, projectId: ref.id, apiKeyId: null, rawEvents: all });
      expect(await snapshot(quiet, p.id)).toEqual(await snapshot(quiet, ref.id));
    } finally {
      await quiet.db.execute(sql`drop trigger if exists fw_test_refuse_projection on transcript_entry`);
      await quiet.db.execute(sql`drop function if exists fw_test_refuse_projection()`);
    }
  });
});
