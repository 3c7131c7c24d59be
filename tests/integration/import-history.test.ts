// Imports are history, not live reports (issue 19, point 3): a session file that stops mid-turn is closed as
// abandoned instead of running (and stalling) forever, and imported events never make an agent look alive,
// stalled or offline. Through the import route (worker thread and all) against PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postImport } from "@/app/api/v1/import/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { agent, job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { closeUnended } from "@/lib/importers";
import { importResponseSchema } from "@/lib/importers/schemas";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject } from "../helpers/db";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";

let handle: DbHandle;
let key: string;
let projectId: string;

beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  key = (await createApiKey({ db: handle.db, projectId, name: "imp", scopes: ["ingest"] })).key;
});
afterAll(() => handle.close());

function post(file: string, agentName: string) {
  const body = fs.readFileSync(path.join(FIXTURES_DIR, file));
  return postImport(
    new Request(`http://fleetwatch.test/api/v1/import?file_name=${path.basename(file)}&agent=${agentName}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" },
      body,
    }),
    { params: Promise.resolve({}) },
  );
}

describe("closeUnended", () => {
  const ev = (id: string, type: string, time: string, jobId = "j1") => ({
    id,
    type,
    time,
    job: jobId,
    data: {},
  });
  it("closes each job with no end whose last event is old enough, at that event's time", () => {
    const events = [
      ev("a", "job.started", "2026-01-01T10:00:00Z"),
      ev("b", "job.message", "2026-01-01T10:05:00Z"),
      ev("c", "job.started", "2026-01-01T10:00:00Z", "j2"),
      ev("d", "job.completed", "2026-01-01T10:01:00Z", "j2"),
      ev("e", "job.started", "2026-01-01T11:59:00Z", "j3"),
    ];
    // before 12:00: j1 (last 10:05, no end) closes; j2 ended; j3 (11:59) is older too; before 11:00: only j1
    expect(closeUnended(events, new Date("2026-01-01T11:00:00Z"))).toEqual([
      {
        id: "j1:import-abandoned",
        type: "job.cancelled",
        time: "2026-01-01T10:05:00Z",
        job: "j1",
        data: { reason: "abandoned: the imported session has no end" },
      },
    ]);
    expect(closeUnended(events, new Date("2026-01-01T12:00:00Z")).map((e) => e.job)).toEqual(["j1", "j3"]);
  });
});

describe("an imported session", () => {
  it("that stops mid-turn ends as cancelled (abandoned), and its agent is not on the board", async () => {
    // rollout-small-current.jsonl (Oct 2025) ends on a task_started with no task_complete
    const res = await post("codex/rollout-small-current.jsonl", "history-only-agent");
    expect(res.status).toBe(200);
    const body = importResponseSchema.parse(await res.json());
    expect(body.jobs_total).toBe(1);
    const [row] = await handle.db
      .select({ status: job.status, reason: job.cancelReason, ended: job.endedAt, last: job.lastEventAt })
      .from(job)
      .where(eq(job.id, body.jobs[0]?.id ?? ""));
    expect(row?.status).toBe("cancelled");
    expect(row?.reason).toBe("abandoned: the imported session has no end");
    expect(row?.ended?.toISOString()).toBe(row?.last.toISOString()); // ended when it last said something
    const agents = await handle.db
      .select()
      .from(agent)
      .where(and(eq(agent.projectId, projectId), eq(agent.name, "history-only-agent")));
    expect(agents).toEqual([]);

    // importing it again changes nothing (the closing event has a fixed id)
    const again = importResponseSchema.parse(
      await (await post("codex/rollout-small-current.jsonl", "history-only-agent")).json(),
    );
    expect([again.accepted, again.rejected]).toEqual([0, 0]);
  });

  it("leaves a live agent's liveness alone, while a live report still counts", async () => {
    const now = new Date();
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        {
          id: "live-hb-1",
          type: "agent.heartbeat",
          time: now.toISOString(),
          agent: "live-agent",
          data: { status: "idle" },
        },
      ],
    });
    const before = await handle.db
      .select()
      .from(agent)
      .where(and(eq(agent.projectId, projectId), eq(agent.name, "live-agent")));
    expect(before).toHaveLength(1);
    // an old session (Sep 2025) of the same agent, imported: first and last seen stay the live heartbeat's
    const res = await post("claude-code/viewer-session-1af7fc5e.jsonl", "live-agent");
    expect(res.status).toBe(200);
    expect(importResponseSchema.parse(await res.json()).accepted).toBeGreaterThan(10);
    const [after] = await handle.db
      .select()
      .from(agent)
      .where(and(eq(agent.projectId, projectId), eq(agent.name, "live-agent")));
    expect(after?.lastSeenAt.toISOString()).toBe(before[0]?.lastSeenAt.toISOString());
    expect(after?.firstSeenAt.toISOString()).toBe(before[0]?.firstSeenAt.toISOString());
  });
});
