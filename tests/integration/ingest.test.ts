// The write path: idempotency, order independence, per-event results.
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { agent, event, job, transcriptEntry } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";

const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 9, 0, s)).toISOString();

function lifecycle(jobId: string) {
  return [
    { id: `${jobId}-q`, type: "job.queued", time: at(0), job: jobId, data: { title: "from queue" } },
    {
      id: `${jobId}-s`,
      type: "job.started",
      time: at(2),
      job: jobId,
      agent: "scout",
      data: {
        harness: "claude-code",
        harness_version: "2.1.88",
        model: "claude-sonnet-4-5",
        title: "Fix the login bug",
      },
    },
    {
      id: `${jobId}-u`,
      type: "job.usage",
      time: at(3),
      job: jobId,
      data: {
        model: "claude-sonnet-4-5",
        input_tokens: 100,
        output_tokens: 20,
        cache_read_tokens: 5,
        cost_usd: 0.01,
      },
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

describe("ingest", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  async function jobRow(projectId: string, externalId: string) {
    const [row] = await handle.db
      .select()
      .from(job)
      .where(and(eq(job.projectId, projectId), eq(job.externalId, externalId)));
    return row;
  }

  it("stores a lifecycle and projects the job", async () => {
    const p = await createTestProject(handle);
    const r = await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: lifecycle("j1"),
    });
    expect(r).toEqual({ accepted: 4, duplicates: 0, rejected: 0 });
    const row = await jobRow(p.id, "j1");
    expect(row).toMatchObject({
      status: "failed",
      agentName: "scout",
      harness: "claude-code",
      harnessVersion: "2.1.88",
      model: "claude-sonnet-4-5",
      title: "Fix the login bug",
      durationMs: 7000,
      inputTokens: 100,
      outputTokens: 20,
      cacheReadTokens: 5,
      eventCount: 4,
      retryable: true,
    });
    expect(row?.error?.message).toBe("429 rate limited");
    expect(row?.startedAt?.toISOString()).toBe(at(2));
    expect(Number(row?.reportedCostUsd)).toBeCloseTo(0.01, 8);
  });

  it("acknowledges repeats as duplicates within and across batches, changing nothing", async () => {
    const p = await createTestProject(handle);
    const events = lifecycle("j2");
    const first = await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [...events, events[0]],
    });
    expect(first).toEqual({ accepted: 4, duplicates: 1, rejected: 0 });
    const before = await jobRow(p.id, "j2");
    const again = await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: events });
    expect(again).toEqual({ accepted: 0, duplicates: 4, rejected: 0 });
    const after = await jobRow(p.id, "j2");
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    const stored = await handle.db.select().from(event).where(eq(event.projectId, p.id));
    expect(stored).toHaveLength(4);
  });

  it("ends in the same projection whatever the order and batching", async () => {
    const p = await createTestProject(handle);
    const events = lifecycle("j3");
    // reversed, one event per batch: completion before start
    for (const e of [...events].reverse()) {
      await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: [e] });
    }
    const q = await createTestProject(handle);
    await ingestBatch({ db: handle.db, projectId: q.id, apiKeyId: null, rawEvents: events });
    const strip = (r: Awaited<ReturnType<typeof jobRow>>) => ({
      ...r,
      id: null,
      projectId: null,
      updatedAt: null,
      failureIssueId: r?.failureIssueId ? "an issue" : null, // issue ids differ between projects
    });
    expect(strip(await jobRow(p.id, "j3"))).toEqual(strip(await jobRow(q.id, "j3")));
  });

  it("yields one correct job when job.completed arrives before job.started", async () => {
    const p = await createTestProject(handle);
    await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [{ id: "c", type: "job.completed", time: at(30), job: "j4", data: { summary: "done" } }],
    });
    expect(await jobRow(p.id, "j4")).toMatchObject({
      status: "succeeded",
      startedAt: null,
      durationMs: null,
    });
    await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [
        { id: "s", type: "job.started", time: at(10), job: "j4", agent: "a", data: { harness: "codex" } },
      ],
    });
    const rows = await handle.db.select().from(job).where(eq(job.projectId, p.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "succeeded",
      harness: "codex",
      durationMs: 20_000,
      summary: "done",
    });
  });

  it("rejects invalid events alone and stores the rest", async () => {
    const p = await createTestProject(handle);
    const r = await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [
        lifecycle("j5")[1],
        { id: "bad", type: "job.started", time: at(1), job: "j5", data: {} },
        42,
      ],
    });
    expect(r.accepted).toBe(1);
    expect(r.rejected).toBe(2);
    expect(r.results?.[1]).toMatchObject({
      index: 1,
      id: "bad",
      status: "rejected",
      error: expect.stringMatching(/^agent/),
    });
    expect(r.results?.[2]).toMatchObject({ index: 2, id: null, status: "rejected" });
    expect(await jobRow(p.id, "j5")).toMatchObject({ status: "running" });
  });

  it("tracks agents from job events and heartbeats", async () => {
    const p = await createTestProject(handle);
    await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [
        {
          id: "h2",
          type: "agent.heartbeat",
          time: at(50),
          agent: "scout",
          data: { status: "idle", host: "box-1" },
        },
        ...lifecycle("j6"),
        {
          id: "h1",
          type: "agent.heartbeat",
          time: at(40),
          agent: "scout",
          data: { status: "busy", job: "j6" },
        },
      ],
    });
    const [row] = await handle.db.select().from(agent).where(eq(agent.projectId, p.id));
    expect(row).toMatchObject({ name: "scout", status: "idle", host: "box-1", currentJobExternalId: null });
    expect(row?.firstSeenAt.toISOString()).toBe(at(2));
    expect(row?.lastSeenAt.toISOString()).toBe(at(50));
  });

  it("projects transcript entries in order, once, whatever the order of arrival", async () => {
    const p = await createTestProject(handle);
    const events = [
      lifecycle("t1")[1],
      {
        id: "t1-m1",
        type: "job.message",
        time: at(3),
        seq: 1,
        job: "t1",
        data: { role: "user", text: "Fix the login bug" },
      },
      {
        id: "t1-th",
        type: "job.thinking",
        time: at(4),
        seq: 2,
        job: "t1",
        data: { text: "Look at auth.ts first" },
      },
      {
        id: "t1-tc",
        type: "job.tool_call",
        time: at(4),
        seq: 3,
        job: "t1",
        data: { call_id: "c1", tool: "Read", input: { file_path: "src/auth.ts" } },
      },
      {
        id: "t1-tr",
        type: "job.tool_result",
        time: at(5),
        seq: 4,
        job: "t1",
        data: { call_id: "c1", output: "export function login() {}", duration_ms: 12 },
      },
      {
        id: "t1-m2",
        type: "job.message",
        time: at(6),
        seq: 5,
        job: "t1",
        data: { role: "assistant", content: [{ type: "text", text: "Fixed." }] },
      },
      { id: "t1-c", type: "job.completed", time: at(7), job: "t1", data: { summary: "done" } },
    ];
    for (const e of [...events].reverse()) {
      await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: [e, events[2]] });
    }
    const rows = await handle.db
      .select()
      .from(transcriptEntry)
      .where(eq(transcriptEntry.projectId, p.id))
      .orderBy(
        asc(transcriptEntry.time),
        sql`${transcriptEntry.seq} asc nulls last`,
        asc(transcriptEntry.eventId),
      );
    expect(rows.map((r) => [r.kind, r.text])).toEqual([
      ["lifecycle", "Fix the login bug"],
      ["message", "Fix the login bug"],
      ["thinking", "Look at auth.ts first"],
      ["tool_call", null],
      ["tool_result", "export function login() {}"],
      ["message", "Fixed."],
      ["lifecycle", "done"],
    ]);
    expect(rows[3]).toMatchObject({ tool: "Read", callId: "c1", content: { file_path: "src/auth.ts" } });
    expect(rows[4]).toMatchObject({ callId: "c1", isError: false });
    expect(rows[1]?.role).toBe("user");
    expect(new Set(rows.map((r) => r.jobId)).size).toBe(1);
  });

  it("redacts secrets before storage, counts them per job, and truncates oversized tool output", async () => {
    const p = await createTestProject(handle);
    const anthropic = `sk-ant-api03-${"x7Yq".repeat(20)}`;
    const github = `ghp_${"a1B2c3D4e5".repeat(4).slice(0, 36)}`;
    const huge = "line of build output\n".repeat(10_000); // 210,000 bytes
    await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [
        lifecycle("r1")[1],
        {
          id: "r1-tc",
          type: "job.tool_call",
          time: at(4),
          job: "r1",
          data: {
            call_id: "c",
            tool: "Bash",
            input: { command: `curl -H "x-api-key: ${anthropic}" https://api.anthropic.com` },
          },
        },
        {
          id: "r1-tr",
          type: "job.tool_result",
          time: at(5),
          job: "r1",
          data: { call_id: "c", output: huge },
        },
        {
          id: "r1-f",
          type: "job.failed",
          time: at(6),
          job: "r1",
          data: { error: { message: `push failed: https://bot:${github}@github.com/acme/api.git` } },
        },
      ],
    });
    const stored = await handle.db.select().from(event).where(eq(event.projectId, p.id));
    const all = JSON.stringify(stored);
    expect(all).not.toContain(anthropic);
    expect(all).not.toContain(github);
    expect(all).toContain("[REDACTED:anthropic_key]");
    expect(await jobRow(p.id, "r1")).toMatchObject({ redactionCount: 2 });
    const [result] = await handle.db
      .select()
      .from(transcriptEntry)
      .where(and(eq(transcriptEntry.projectId, p.id), eq(transcriptEntry.eventId, "r1-tr")));
    expect(result?.truncatedFrom).toBe(210_000);
    expect(result?.text?.length).toBeLessThanOrEqual(100_000);
    expect(result?.text).toContain("truncated by Fleetwatch: 210000 bytes originally");
  });

  it("stores text with NUL characters (which PostgreSQL refuses) by marking them", async () => {
    const p = await createTestProject(handle);
    const r = await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [
        { ...lifecycle("n1")[1], data: { harness: "x", title: "bad\u0000byte", "k\u0000": 1 } },
        { id: "n\u0000", type: "job.log", time: at(1), job: "n1", data: { level: "info", message: "m" } },
      ],
    });
    expect(r.accepted).toBe(1);
    expect(r.results?.[1]).toMatchObject({
      status: "rejected",
      error: expect.stringMatching(/^id: must not contain NUL/),
    });
    expect((await jobRow(p.id, "n1"))?.title).toBe("bad\uFFFDbyte");
  });

  it("keeps projects apart: the same event id in two projects is two events", async () => {
    const p = await createTestProject(handle);
    const q = await createTestProject(handle);
    const e = lifecycle("j7")[1];
    expect(
      (await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: [e] })).accepted,
    ).toBe(1);
    expect(
      (await ingestBatch({ db: handle.db, projectId: q.id, apiKeyId: null, rawEvents: [e] })).accepted,
    ).toBe(1);
  });
});

describe("ingest concurrency on postgres", () => {
  it("stores each id once when the same batch is posted from several connections at once", async () => {
    const handles = await Promise.all([1, 2, 3, 4].map(() => openTestDb()));
    try {
      const p = await createTestProject(handles[0] as DbHandle);
      const events = Array.from({ length: 40 }, (_, i) => lifecycle(`c${i % 10}`)[i % 4]).filter(
        (e, i, all) => all.findIndex((x) => x?.id === e?.id) === i,
      );
      const results = await Promise.all(
        handles.map((h) => ingestBatch({ db: h.db, projectId: p.id, apiKeyId: null, rawEvents: events })),
      );
      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(events.length);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(events.length * 3);
      const db = (handles[0] as DbHandle).db;
      const stored = await db.select().from(event).where(eq(event.projectId, p.id));
      expect(stored).toHaveLength(events.length);
      const jobs = await db.select().from(job).where(eq(job.projectId, p.id));
      expect(jobs.reduce((n, j) => n + j.eventCount, 0)).toBe(events.length);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});
