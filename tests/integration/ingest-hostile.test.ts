// Hostile bodies on POST /api/v1/events (issue #12, points 4 and 10), against real PostgreSQL: every value that
// PostgreSQL would refuse is either stored safely or rejected alone in the 207 results, never a 5xx, and the
// other events of the batch are stored. Also: far-future times never pin a job to the top of the jobs list.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import { type DbHandle, getDbHandle } from "@/db/client";
import { event, transcriptEntry } from "@/db/schema";
import { importResponseSchema } from "@/lib/importers/schemas";
import { ingestResponseSchema } from "@/lib/ingest/protocol";
import { DEPTH_MARKER, MAX_DATA_DEPTH } from "@/lib/ingest/sanitize";
import { listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { ingestProject, jobRowOf, minutesAgo, startedEvent as started } from "../helpers/ingest-routes";

let handle: DbHandle;
beforeAll(async () => {
  handle = await getDbHandle();
});
afterAll(async () => {
  await handle.close();
});

const project = () => ingestProject(handle);
const jobRow = (projectId: string, externalId: string) => jobRowOf(handle, projectId, externalId);
const completed = (jobId: string) => ({
  id: `${jobId}-c`,
  type: "job.completed",
  time: minutesAgo(1),
  job: jobId,
  data: { summary: "done" },
});
const usage = (id: string, jobId: string, data: Record<string, unknown>) => ({
  id,
  type: "job.usage",
  time: minutesAgo(5),
  job: jobId,
  data: { model: "claude-sonnet-4-5", input_tokens: 100, output_tokens: 20, ...data },
});

async function storedData(projectId: string, id: string) {
  const [row] = await handle.db
    .select({ data: event.data })
    .from(event)
    .where(and(eq(event.projectId, projectId), eq(event.id, id)));
  return row?.data;
}

describe("hostile events on POST /api/v1/events", () => {
  it("stores lone surrogates, NUL, every control character and 10,000-deep nesting safely (200)", async () => {
    const p = await project();
    const controls = String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i), 0x7f);
    const deep = `${"[".repeat(10_000)}"bottom"${"]".repeat(10_000)}`;
    const deepObject = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    // JSON.stringify writes a lone surrogate as the escape \ud800, as a hostile runner would send it.
    const events = [
      started("h1"),
      {
        id: "h1-m",
        type: "job.message",
        time: minutesAgo(9),
        job: "h1",
        data: {
          role: "assistant",
          text: "pair 😀 lone \ud800 and \udc00 end",
          content: [{ type: "text", text: "x\ud83d" }],
          "key\udfff": "v",
        },
      },
      {
        id: "h1-l",
        type: "job.log",
        time: minutesAgo(8),
        job: "h1",
        data: { level: "info", message: controls },
      },
      {
        id: "h1-t",
        type: "job.tool_call",
        time: minutesAgo(7),
        job: "h1",
        data: { call_id: "c1", tool: "Bash", input: "__DEEP__" },
      },
      {
        id: "h1-r",
        type: "job.tool_result",
        time: minutesAgo(6),
        job: "h1",
        data: { call_id: "c1", output: "__DEEP_OBJECT__" },
      },
      completed("h1"),
    ];
    const body = JSON.stringify({ events })
      .replace('"__DEEP__"', deep)
      .replace('"__DEEP_OBJECT__"', deepObject);
    expect(body).toContain("lone \\ud800 and \\udc00 end");

    const res = await p.post(body);
    expect(res.status).toBe(200);
    expect(ingestResponseSchema.parse(await res.json())).toEqual({ accepted: 6, duplicates: 0, rejected: 0 });

    // Lone surrogates become U+FFFD, in values and keys; the emoji (a valid pair) is kept.
    expect(await storedData(p.id, "h1-m")).toEqual({
      role: "assistant",
      text: "pair 😀 lone \uFFFD and \uFFFD end",
      content: [{ type: "text", text: "x\uFFFD" }],
      "key\uFFFD": "v",
    });
    // NUL becomes U+FFFD; the 31 other control characters and DEL are kept as they are.
    const expectedControls = `\uFFFD${controls.slice(1)}`;
    expect(((await storedData(p.id, "h1-l")) as { message: string }).message).toBe(expectedControls);
    const [log] = await handle.db
      .select({ text: transcriptEntry.text })
      .from(transcriptEntry)
      .where(and(eq(transcriptEntry.projectId, p.id), eq(transcriptEntry.eventId, "h1-l")));
    expect(log?.text).toBe(expectedControls);

    // Depth is capped: `data` is level 1, `input` level 2, so arrays at levels 2..MAX_DATA_DEPTH are kept
    // (MAX_DATA_DEPTH - 1 of them) and the array at level MAX_DATA_DEPTH + 1 becomes the marker.
    let v = ((await storedData(p.id, "h1-t")) as { input: unknown }).input;
    let arrays = 0;
    while (Array.isArray(v)) {
      v = v[0];
      arrays += 1;
    }
    expect(arrays).toBe(MAX_DATA_DEPTH - 1);
    expect(v).toBe(DEPTH_MARKER);
    let o = ((await storedData(p.id, "h1-r")) as { output: unknown }).output;
    let objects = 0;
    while (typeof o === "object" && o !== null) {
      o = (o as { a: unknown }).a;
      objects += 1;
    }
    expect(objects).toBe(MAX_DATA_DEPTH - 1);
    expect(o).toBe(DEPTH_MARKER);
    expect(await jobRow(p.id, "h1")).toMatchObject({ status: "succeeded", eventCount: 6 });
  });

  it("rejects alone each event PostgreSQL would refuse, naming the field, and stores the rest (207)", async () => {
    const p = await project();
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    // 8,000 random bytes as base64: 10,668 characters that do not compress below btree's 2,704-byte limit.
    const hugeCallId = randomBytes(8000).toString("base64");
    const events = [
      started("r1"), // 0 accepted
      usage("r1-u1", "r1", { input_tokens: 1e300 }), // 1
      usage("r1-u2", "r1", { output_tokens: 2 ** 63 }), // 2
      usage("r1-u3", "r1", { cache_read_tokens: -1 }), // 3
      usage("r1-u4", "r1", { cost_usd: 1e308 }), // 4
      { ...completed("r1"), id: "bad\ud800id" }, // 5
      { ...completed("r1"), id: "r1-nul", job: "r\u0000" }, // 6
      { ...completed("r1"), id: "r1-999", time: "0999-12-31T23:59:59Z" }, // 7
      { ...completed("r1"), id: "r1-2101", time: "2101-01-01T00:00:00Z" }, // 8
      { ...completed("r1"), id: "r1-skew", time: inTwoDays }, // 9
      usage("r1-u5", "r1", { cost_usd: 0.01 }), // 10 accepted
      {
        id: "r1-m",
        type: "job.message",
        time: minutesAgo(4),
        job: "r1",
        data: { role: "user", text: "hi", call_id: hugeCallId },
      }, // 11 accepted: a call id too long for the transcript's index is not indexed
      { ...completed("r1"), data: { summary: "done", score: 1e308 } }, // 12 accepted: numeric holds 10^308
    ];
    const res = await p.post(JSON.stringify({ events }));
    expect(res.status).toBe(207);
    const body = ingestResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ accepted: 4, duplicates: 0, rejected: 9 });
    const rejected = Object.fromEntries(
      (body.results ?? []).filter((r) => r.status === "rejected").map((r) => [r.index, r.error]),
    );
    expect(rejected).toEqual({
      1: expect.stringMatching(/^data\.input_tokens: Too big: expected number to be <=1000000000000/),
      2: expect.stringMatching(/^data\.output_tokens: Too big/),
      3: expect.stringMatching(/^data\.cache_read_tokens: Too small/),
      4: expect.stringMatching(/^data\.cost_usd: Too big: expected number to be <=1000000/),
      5: "id: must not contain NUL characters or unpaired UTF-16 surrogates",
      6: "job: must not contain NUL characters or unpaired UTF-16 surrogates",
      7: "time: must be between 1000-01-01 and 2100-12-31",
      8: "time: must be between 1000-01-01 and 2100-12-31",
      9: expect.stringMatching(/^time: more than 1 hour ahead of the server clock \(\d{4}-/),
    });

    // Only the good usage counted: 100 input, 20 output, $0.01 reported.
    expect(await jobRow(p.id, "r1")).toMatchObject({
      status: "succeeded",
      inputTokens: 100,
      outputTokens: 20,
      costUsd: "0.01000000",
      eventCount: 4,
      score: `1${"0".repeat(308)}`,
    });
    const [entry] = await handle.db
      .select({ callId: transcriptEntry.callId, text: transcriptEntry.text })
      .from(transcriptEntry)
      .where(and(eq(transcriptEntry.projectId, p.id), eq(transcriptEntry.eventId, "r1-m")));
    expect(entry).toEqual({ callId: null, text: "hi" });
  });

  it("caps totals at their column's maximum instead of failing the batch", async () => {
    const p = await project();
    // 100 usage events at the per-event maximum of $1,000,000: $100,000,000, over numeric(16,8)'s
    // 99,999,999.99999999; the job and the hourly rollup keep the maximum.
    const events = [
      started("c1", minutesAgo(60)),
      ...Array.from({ length: 100 }, (_, i) => usage(`c1-u${i}`, "c1", { cost_usd: 1_000_000 })),
    ];
    const res = await p.post(JSON.stringify({ events }));
    expect(res.status).toBe(200);
    expect((await jobRow(p.id, "c1"))?.costUsd).toBe("99999999.99999999");
    // A second batch adds to a row already at the maximum: the sum stays there.
    expect((await p.post(JSON.stringify({ events: [usage("c1-more", "c1", { cost_usd: 5 })] }))).status).toBe(
      200,
    );
    expect((await jobRow(p.id, "c1"))?.costUsd).toBe("99999999.99999999");
    const hourly = rowsOf<{ cost: string }>(
      await handle.db.execute(
        sql`select sum(cost_usd)::text as cost from usage_hourly where project_id = ${p.id}`,
      ),
    );
    expect(hourly[0]?.cost).toBe("99999999.99999999");

    // bigint: a job and its hourly row 807 below 2^63 - 1 (9,223,372,036,854,775,807), plus 10^12 tokens.
    await handle.db.execute(
      sql`update job set input_tokens = 9223372036854775000 where project_id = ${p.id} and external_id = 'c1'`,
    );
    await handle.db.execute(
      sql`update usage_hourly set input_tokens = 9223372036854775000 where project_id = ${p.id}`,
    );
    const more = await p.post(JSON.stringify({ events: [usage("c1-big", "c1", { input_tokens: 1e12 })] }));
    expect(more.status).toBe(200);
    const tokens = rowsOf<{ job: string; hourly: string }>(
      await handle.db.execute(
        sql`select (select input_tokens::text from job where project_id = ${p.id} and external_id = 'c1') as job,
                   (select max(input_tokens)::text from usage_hourly where project_id = ${p.id}) as hourly`,
      ),
    );
    expect(tokens[0]).toEqual({ job: "9223372036854775807", hourly: "9223372036854775807" });
  });

  it("never lets a far-future event pin a job to the top of the jobs list", async () => {
    const p = await project();
    const res = await p.post(
      JSON.stringify({
        events: [
          started("recent", minutesAgo(1)),
          { id: "old-q", type: "job.queued", time: minutesAgo(30), job: "old", data: { title: "old" } },
          { ...started("old"), time: "2100-06-01T00:00:00Z" }, // rejected: ahead of the server clock
          { ...completed("old"), time: "2100-06-01T00:00:01Z" }, // rejected
        ],
      }),
    );
    expect(res.status).toBe(207);
    const page = await listJobs({ db: handle.db, projectId: p.id, filters: jobsQuerySchema.parse({}) });
    // recent sorts by its start (1 min ago), old by its queue time (30 min ago): recent first.
    expect(page.jobs.map((j) => j.external_id)).toEqual(["recent", "old"]);
    expect(page.jobs[1]).toMatchObject({ status: "queued", started_at: null, ended_at: null });
  });

  it("imports a hostile Claude Code session file: the same sanitising, per-event rejections, no 5xx", async () => {
    const p = await project();
    const session = crypto.randomUUID();
    const line = (type: string, uuid: string, minutes: number, message: Record<string, unknown>) =>
      JSON.stringify({ type, sessionId: session, uuid, timestamp: minutesAgo(minutes), cwd: "/w", message });
    const lines = [
      line("user", "u1", 30, { role: "user", content: "fix it \ud800 now\u0000" }),
      line("assistant", "a1", 29, {
        id: "msg_1",
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [
          { type: "text", text: "on it \udc00" },
          { type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "ls" } },
        ],
        usage: { input_tokens: 1e300, output_tokens: 5 },
      }),
      line("user", "u2", 28, {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "ok \u0000" }],
      }),
      line("assistant", "a2", 27, {
        id: "msg_2",
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [{ type: "tool_use", id: "toolu_2", name: "Bash", input: { command: "__DEEP__" } }],
      }),
    ];
    // JSON.stringify writes the lone surrogates and NUL as the escapes \ud800 and \u0000, as a hostile file
    // holds them; line 4's tool input is nested 10,000 deep, which the import skips without parsing it.
    const text = lines.join("\n").replace('"__DEEP__"', `${"[".repeat(10_000)}1${"]".repeat(10_000)}`);
    expect(text).toContain("fix it \\ud800 now\\u0000");
    const res = await p.postFile(text);
    expect(res.status).toBe(200);
    const body = importResponseSchema.parse(await res.json());
    expect(body.format).not.toBeNull();
    expect(body.skipped).toContainEqual({ line: 4, reason: "nested deeper than 100 levels: not read" });
    expect(body.rejected).toBe(1);
    expect(body.errors).toEqual([expect.stringMatching(/: data\.input_tokens: Too big/)]);
    expect(body.accepted).toBe(body.events - 1);
    const texts = (
      await handle.db
        .select({ text: transcriptEntry.text })
        .from(transcriptEntry)
        .where(eq(transcriptEntry.projectId, p.id))
    ).map((r) => r.text);
    expect(texts).toEqual(expect.arrayContaining(["fix it \uFFFD now\uFFFD", "on it \uFFFD", "ok \uFFFD"]));
  });
});
