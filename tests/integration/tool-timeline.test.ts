// The tool-call timeline of a job (lib/transcripts/tool-timeline.ts) on a real Claude Code session imported
// through the write path, and on protocol events for calls that never got a result.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as timelineRoute } from "@/app/api/v1/jobs/[id]/timeline/route";
import type { DbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { importClaudeCode } from "@/lib/importers/claude-code";
import { ingestBatch } from "@/lib/ingest/ingest";
import { findJobId } from "@/lib/jobs/queries";
import { getToolTimeline } from "@/lib/transcripts/tool-timeline";
import { toolTimelineSchema } from "@/lib/transcripts/tool-timeline-schemas";
import { createTestProject, openTestDb } from "../helpers/db";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";

const SESSION = "1af7fc5e-8455-4414-9ccd-011d40f70b2a";

describe("tool-call timeline", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("times each call of an imported Claude Code session from its call and its result", async () => {
    const p = await createTestProject(handle);
    const file = readFileSync(join(FIXTURES_DIR, "claude-code/viewer-session-1af7fc5e.jsonl"), "utf8");
    const { events } = importClaudeCode(file, { fileName: `${SESSION}.jsonl` });
    await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: events });
    const jobId = await findJobId({ db: handle.db, projectId: p.id, id: SESSION });
    expect(jobId).toBeTruthy();
    const { calls, truncated } = await getToolTimeline({
      db: handle.db,
      projectId: p.id,
      jobId: jobId as string,
    });
    expect(truncated).toBe(false);
    // The file has 12 tool_use blocks (lines 4, 6-10, 16-18, 22, 25, 27), each answered by a tool_result.
    expect(calls).toHaveLength(12);
    expect(calls.map((c) => c.tool)).toEqual([
      "TodoWrite",
      "Bash",
      "Glob",
      "Glob",
      "Glob",
      "Glob",
      "Bash",
      "Glob",
      "Glob",
      "TodoWrite",
      "Write",
      "TodoWrite",
    ]);
    const byCall = new Map(calls.map((c) => [c.call_id, c]));

    // Line 7: Glob toolu_01MEJ7... called at 00:47:29.090; its result (line 11) is written at 29.813, but
    // toolUseResult.durationMs is 6: the call ends at 29.090 + 6 ms = 29.096 (the 723 ms between are the three
    // other parallel Globs and the Bash being answered first).
    expect(byCall.get("toolu_01MEJ7TRMeoTyDi6EZLHM2zY")).toMatchObject({
      tool: "Glob",
      start: "2025-09-03T00:47:29.090Z",
      end: "2025-09-03T00:47:29.096Z",
      duration_ms: 6,
      status: "ok",
      is_error: false,
    });
    // Line 6: Bash toolu_01UwiR... called at 28.532; its result (line 13) says 29.831 with no durationMs, but
    // line 14 says 29.814 and the importer lowers a time later than the next one to it (session-plan.ts), so
    // the result is stored at 29.814: 29.814 - 28.532 = 1.282 s.
    expect(byCall.get("toolu_01UwiR8tuGvGJN2J7BW4KbPx")).toMatchObject({
      tool: "Bash",
      start: "2025-09-03T00:47:28.532Z",
      end: "2025-09-03T00:47:29.814Z",
      duration_ms: 1282,
      status: "ok",
    });
    // Line 25: Write toolu_01LM7v... at 46.059, refused (is_error) at 46.089: 30 ms, an error.
    expect(byCall.get("toolu_01LM7vfs6eMdhHJokVajzJA1")).toMatchObject({
      tool: "Write",
      start: "2025-09-03T00:47:46.059Z",
      end: "2025-09-03T00:47:46.089Z",
      duration_ms: 30,
      status: "error",
      is_error: true,
    });
    // every call has its result's entry, and its own id is the transcript anchor of its tool_call entry
    for (const c of calls) expect(c.result_id).toBeTruthy();
    expect(new Set(calls.map((c) => c.id)).size).toBe(12);
  });

  it("keeps a call without a result open while the job runs, then marks it 'no result' up to the job's end", async () => {
    const p = await createTestProject(handle);
    const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 9, 0, s)).toISOString();
    const ingest = (rawEvents: unknown[]) =>
      ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: rawEvents as never });
    await ingest([
      { id: "s", type: "job.started", time: at(0), job: "j", agent: "a", data: { harness: "h" } },
      { id: "c1", type: "job.tool_call", time: at(1), job: "j", data: { call_id: "k1", tool: "Bash" } },
      // 2.5 s reported: ends at 1 s + 2.5 s = 3.5 s although the result arrives at 4 s
      {
        id: "r1",
        type: "job.tool_result",
        time: at(4),
        job: "j",
        data: { call_id: "k1", output: "ok", duration_ms: 2500 },
      },
      { id: "c2", type: "job.tool_call", time: at(5), job: "j", data: { call_id: "k2", tool: "Read" } },
    ]);
    const jobId = (await findJobId({ db: handle.db, projectId: p.id, id: "j" })) as string;
    const running = await getToolTimeline({ db: handle.db, projectId: p.id, jobId });
    expect(running.calls).toEqual([
      {
        id: "c1",
        call_id: "k1",
        tool: "Bash",
        branch: null,
        start: at(1),
        end: "2026-03-01T09:00:03.500Z",
        duration_ms: 2500,
        status: "ok",
        is_error: false,
        result_id: "r1",
      },
      {
        id: "c2",
        call_id: "k2",
        tool: "Read",
        branch: null,
        start: at(5),
        end: null,
        duration_ms: null,
        status: "running",
        is_error: false,
        result_id: null,
      },
    ]);
    // the job fails at 9 s with k2 unanswered: k2 becomes "no result", drawn from 5 s to the job's end (9 s)
    await ingest([
      { id: "f", type: "job.failed", time: at(9), job: "j", data: { error: { message: "killed" } } },
    ]);
    const ended = await getToolTimeline({ db: handle.db, projectId: p.id, jobId });
    expect(ended.calls[1]).toMatchObject({
      status: "no_result",
      start: at(5),
      end: at(9),
      duration_ms: null,
    });
    // another project's id for the same job: nothing
    const other = await createTestProject(handle);
    expect((await getToolTimeline({ db: handle.db, projectId: other.id, jobId })).calls).toEqual([]);
  });

  it("is served at GET /api/v1/jobs/{id}/timeline to a read key, by either job id", async () => {
    const p = await createTestProject(handle);
    const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 9, 0, s)).toISOString();
    await ingestBatch({
      db: handle.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [
        { id: "s", type: "job.started", time: at(0), job: "api-j", agent: "a", data: { harness: "h" } },
        { id: "c", type: "job.tool_call", time: at(2), job: "api-j", data: { call_id: "k", tool: "Grep" } },
        {
          id: "r",
          type: "job.tool_result",
          time: at(7),
          job: "api-j",
          data: { call_id: "k", is_error: true },
        },
      ],
    });
    const read = (await createApiKey({ db: handle.db, projectId: p.id, name: "r", scopes: ["read"] })).key;
    const ingestOnly = (await createApiKey({ db: handle.db, projectId: p.id, name: "i", scopes: ["ingest"] }))
      .key;
    const call = (id: string, key: string) =>
      timelineRoute(
        new Request(`http://x/api/v1/jobs/${id}/timeline`, { headers: { authorization: `Bearer ${key}` } }),
        { params: Promise.resolve({ id }) },
      );
    const res = await call("api-j", read);
    expect(res.status).toBe(200);
    const body = toolTimelineSchema.parse(await res.json());
    // Grep from 2 s to its failed result at 7 s: 5000 ms, an error
    expect(body.calls).toEqual([
      {
        id: "c",
        call_id: "k",
        tool: "Grep",
        branch: null,
        start: at(2),
        end: at(7),
        duration_ms: 5000,
        status: "error",
        is_error: true,
        result_id: "r",
      },
    ]);
    expect(body.truncated).toBe(false);
    // by Fleetwatch's id too
    const byUuid = toolTimelineSchema.parse(await (await call(body.job_id, read)).json());
    expect(byUuid.calls).toEqual(body.calls);
    expect((await call("nope", read)).status).toBe(404);
    expect((await call("api-j", ingestOnly)).status).toBe(403);
  });
});
