// The server's projector thread (lib/ingest/projector-thread.ts): a worker thread with its own connections
// folds what the request thread appends, and when it dies the request thread projects again.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { stopProjector } from "@/lib/ingest/projector-loop";
import { projectorThreadFor, startProjectorThread, stopProjectorThread } from "@/lib/ingest/projector-thread";
import { PROJECTOR_APPLICATION_NAME } from "@/lib/ingest/projector-thread-main";
import { createTestProject } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";

const ago = (s: number) => new Date(Date.now() - 600_000 + s * 1000).toISOString();
const jobEvents = (job: string) => [
  { id: `${job}-0`, type: "job.started", time: ago(0), job, agent: "a1", data: { harness: "codex" } },
  { id: `${job}-1`, type: "job.message", time: ago(1), job, data: { role: "assistant", text: "hi" } },
  { id: `${job}-2`, type: "job.completed", time: ago(2), job, data: {} },
];

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the projector thread", () => {
  let handle: DbHandle;
  let projectId: string;
  const lost: number[] = [];
  const jobRow = async (external: string) =>
    rowsOf<{ status: string; event_count: number }>(
      await handle.db.execute(sql`select status, event_count from job
        where project_id = ${projectId} and external_id = ${external}`),
    )[0];
  const projectorConnections = async () =>
    rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = ${PROJECTOR_APPLICATION_NAME}`),
    )[0]?.n ?? 0;

  beforeAll(async () => {
    ({ handle } = await openFreshDb("projthread"));
    projectId = (await createTestProject(handle)).id;
    expect(await startProjectorThread(handle, () => lost.push(Date.now()))).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await stopProjectorThread(handle.db);
    stopProjector(handle.db);
    await handle.close();
  });

  it("folds the queued appends of the request thread on connections of its own", async () => {
    const r = await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: jobEvents("t1"),
      projection: "queued",
    });
    expect(r.accepted).toBe(3);
    // started, one message, completed: 3 events on a job that succeeded
    expect(
      await until(
        () => jobRow("t1"),
        (j) => j?.status === "succeeded",
      ),
    ).toEqual({
      status: "succeeded",
      event_count: 3,
    });
    // the thread's pool (2 connections at most) is the one that projected
    expect(await projectorConnections()).toBeGreaterThanOrEqual(1);
    expect(await projectorConnections()).toBeLessThanOrEqual(2);
  }, 30_000);

  it("hands the work back to the request thread when the thread dies", async () => {
    const worker = projectorThreadFor(handle.db);
    expect(worker).toBeDefined();
    await worker?.terminate();
    await until(
      async () => lost.length,
      (n) => n === 1,
    );
    expect(lost).toHaveLength(1);
    expect(projectorThreadFor(handle.db)).toBeUndefined();
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: jobEvents("t2"),
      projection: "queued",
    });
    // no thread any more: the append's kick runs the loop here
    expect(
      await until(
        () => jobRow("t2"),
        (j) => j?.status === "succeeded",
      ),
    ).toEqual({
      status: "succeeded",
      event_count: 3,
    });
  }, 30_000);
});
