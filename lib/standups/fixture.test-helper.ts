// A fixture day for the standup tests, written by hand: Tuesday 2025-01-14 in America/Los_Angeles (PST,
// UTC-8, so the local day is 2025-01-14T08:00Z to 2025-01-15T08:00Z). Everything goes through the ingest
// write path; the one regression needs a resolve in between, done with the triage function.

import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { failureIssue, project } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { applyTriage } from "@/lib/failures/triage";
import { ingestBatch } from "@/lib/ingest/ingest";

export const DAY = "2025-01-14";
export const TZ = "America/Los_Angeles";
/** The morning after, 09:00 local: when the standup is read. */
export const NEXT_MORNING = new Date("2025-01-15T17:00:00Z");

/** Local wall-clock time on the fixture day (dayOffset days later) as an RFC 3339 UTC time (PST = UTC-8). */
export const local = (h: number, m = 0, dayOffset = 0) =>
  new Date(Date.UTC(2025, 0, 14 + dayOffset, h + 8, m)).toISOString();

export const RATE = (id: string) =>
  `429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_${id}"}`;
export const OOM = "Killed (exit code 137): the container ran out of memory (OOMKilled)";
export const GIT =
  "! [rejected] main -> main (non-fast-forward)\nerror: failed to push some refs to 'github.com:acme/shop.git'";
export const TS = "error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.";

const started = (job: string, agent: string, title: string, time: string) => ({
  id: `${job}-start`,
  type: "job.started",
  time,
  job,
  agent,
  data: { title, harness: "claude-code", model: "claude-sonnet-4-5" },
});
const usage = (job: string, time: string, input: number, output: number, cost: number) => ({
  id: `${job}-usage`,
  type: "job.usage",
  time,
  job,
  data: { model: "claude-sonnet-4-5", input_tokens: input, output_tokens: output, cost_usd: cost },
});
const completed = (job: string, time: string, artifacts?: object[]) => ({
  id: `${job}-done`,
  type: "job.completed",
  time,
  job,
  data: artifacts ? { artifacts } : {},
});
const failing = (job: string, agent: string, title: string, message: string, time: string) => [
  started(job, agent, title, new Date(Date.parse(time) - 120_000).toISOString()),
  { id: `${job}-failed`, type: "job.failed", time, job, data: { error: { message } } },
];
const heartbeat = (id: string, agent: string, status: string, time: string, job?: string) => ({
  id,
  type: "agent.heartbeat",
  time,
  agent,
  data: { status, ...(job ? { job } : {}) },
});

/** Ingests the fixture day into the project and sets its time zone. */
export async function loadFixtureDay(db: Db, projectId: string) {
  await db.update(project).set({ timezone: TZ }).where(eq(project.id, projectId));
  const ingest = async (events: object[]) => {
    const r = await ingestBatch({ db, projectId, apiKeyId: null, rawEvents: events });
    if (r.rejected) throw new Error(`fixture rejected: ${JSON.stringify(r.results)}`);
  };
  // Before the day: builder's out-of-memory failure (resolved later) and git failure (still open),
  // scout's usage three days before, and scout's job that ended at 07:30 UTC: 23:30 on the 13th.
  await ingest([
    ...failing("b0", "builder", "Deploy staging", OOM, local(10, 0, -5)),
    ...failing("bg", "builder", "Push release branch", GIT, local(10, 0, -2)),
    started("sp", "scout", "Weekly report", local(12, 0, -3)),
    usage("sp", local(12, 10, -3), 3000, 500, 0.7),
    completed("sp", local(12, 20, -3)),
    started("s0", "scout", "Late job of the 13th", "2025-01-14T07:00:00Z"),
    completed("s0", "2025-01-14T07:30:00Z"),
    heartbeat("idle-hb", "idle-bot", "idle", local(12, 0, -1)),
  ]);
  const oomIssue = (await db.select().from(failureIssue).where(eq(failureIssue.projectId, projectId))).find(
    (i) => i.failureClass === "infra",
  );
  if (!oomIssue) throw new Error("fixture: no out-of-memory issue");
  await applyTriage({
    actor: systemActor("test"),
    db,
    projectId,
    issueId: oomIssue.id,
    userId: null,
    action: { action: "resolve" },
    now: new Date(local(0, 0, -2)),
  });
  // The day itself.
  await ingest([
    started("s1", "scout", "Fix flaky cart total test", local(9, 0)),
    usage("s1", local(9, 20), 1000, 200, 0.3),
    completed("s1", local(9, 40), [
      // Titled after the job, as runners (and the simulator) do: the Done line must not repeat it.
      { kind: "pr", url: "https://github.com/acme/shop/pull/412", title: "Fix flaky cart total test" },
      {
        kind: "commit",
        url: "https://github.com/acme/shop/commit/abc1234def5678",
        title: "Fix flaky cart total test",
      },
    ]),
    ...failing("s-r1", "scout", "Sync inventory", RATE("a1"), local(10, 0)),
    ...failing("s-r2", "scout", "Sync inventory", RATE("b2"), local(11, 0)),
    ...failing("s-r3", "scout", "Sync inventory", RATE("c3"), local(12, 0)),
    {
      id: "s3-queued",
      type: "job.queued",
      time: local(16, 0),
      job: "s3",
      agent: "scout",
      data: { title: "Refactor checkout" },
    },
    started("s2", "scout", "Bump lodash", local(23, 0)),
    usage("s2", local(23, 10), 500, 100, 0.1),
    completed("s2", "2025-01-15T07:30:00Z"), // 23:30 local: still the 14th
    ...failing("n1", "newbie", "Add invoice export", TS, local(13, 0)),
    ...failing("b1", "builder", "Deploy staging", OOM, local(14, 0)),
    started("b2", "builder", "Migrate database", local(15, 0)),
    {
      id: "b2-call",
      type: "job.tool_call",
      time: local(15, 5),
      job: "b2",
      data: { call_id: "c1", tool: "Bash", input: { command: "npm run migrate" } },
    },
    started("b3", "builder", "Abandoned spike", local(16, 30)),
    { id: "b3-cancel", type: "job.cancelled", time: local(17, 0), job: "b3", data: { reason: "superseded" } },
    started("r1", "reviewer", "Review PR 415", local(16, 0)),
    {
      id: "r1-log",
      type: "job.log",
      time: local(16, 5),
      job: "r1",
      data: { level: "warn", message: "Claude needs your permission to use Bash" },
    },
    heartbeat("r1-hb", "reviewer", "waiting", local(16, 5), "r1"),
    heartbeat("planner-hb", "planner", "waiting", local(23, 50)),
  ]);
}
