// The projector's gap (setProjectorGap, FLEETWATCH_PROJECTOR_GAP_MS in the server's thread): after a batch that
// emptied the queue, the next waits, so a trickle of single events is folded many at a time; a backlog (a full
// batch) is folded without pause.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { setProjectorGap, stopProjector } from "@/lib/ingest/projector-loop";
import { createTestProject } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";

const GAP_MS = 2000;
const ago = (s: number) => new Date(Date.now() - 600_000 + s * 1000).toISOString();

describe("the projector's gap", () => {
  let handle: DbHandle;
  let projectId: string;
  const append = (rawEvents: unknown[]) =>
    ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents, projection: "queued" });
  const pending = async () =>
    rowsOf<{ n: number }>(
      await handle.db.execute(
        sql`select count(*)::int as n from event_pending where project_id = ${projectId}`,
      ),
    )[0]?.n ?? -1;
  async function untilEmpty(ms: number): Promise<number> {
    const t0 = performance.now();
    while ((await pending()) > 0) {
      if (performance.now() - t0 > ms) throw new Error(`still ${await pending()} queued after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return performance.now() - t0;
  }

  beforeAll(async () => {
    ({ handle } = await openFreshDb("projgap"));
    projectId = (await createTestProject(handle)).id;
    setProjectorGap(handle.db, GAP_MS);
  }, 60_000);
  afterAll(async () => {
    stopProjector(handle.db);
    await handle.close();
  });

  it("lets the events that arrive right after a batch wait for the gap, then folds them together", async () => {
    const started = {
      id: "g-0",
      type: "job.started",
      time: ago(0),
      job: "g",
      agent: "a",
      data: { harness: "codex" },
    };
    expect((await append([started])).accepted).toBe(1);
    // the first batch runs at once (the loop was idle); the gap starts when it is done
    await untilEmpty(10_000);
    const t0 = performance.now();
    await append([
      { id: "g-1", type: "job.message", time: ago(1), job: "g", data: { role: "assistant", text: "a" } },
    ]);
    await append([{ id: "g-2", type: "job.completed", time: ago(2), job: "g", data: {} }]);
    // well inside the 2 s gap: both still queued, although each append kicked the projector
    await new Promise((r) => setTimeout(r, 300));
    expect(await pending()).toBe(2);
    await untilEmpty(10_000);
    const waited = performance.now() - t0;
    // folded when the gap ended: after about 2 s (less the moments between the batch and the first append)
    expect(waited).toBeGreaterThan(GAP_MS - 500);
    const job = rowsOf<{ status: string; event_count: number }>(
      await handle.db.execute(
        sql`select status, event_count from job where project_id = ${projectId} and external_id = 'g'`,
      ),
    )[0];
    expect(job).toEqual({ status: "succeeded", event_count: 3 });
  });

  it("folds a backlog batch after batch without a gap between full batches", async () => {
    // the previous test's gap is over once its queue emptied and 2 s passed
    await new Promise((r) => setTimeout(r, GAP_MS + 200));
    // 1,500 events: a full batch of 1,000, then 500 at once (a gap would hold the 500 for 2 s)
    const events = Array.from({ length: 1500 }, (_, i) => ({
      id: `b-${i}`,
      type: i === 0 ? "job.started" : "job.log",
      time: ago(i / 100),
      job: "b",
      ...(i === 0 ? { agent: "a" } : {}),
      data: i === 0 ? { harness: "codex" } : { level: "info", message: `line ${i}` },
    }));
    expect((await append(events)).accepted).toBe(1500);
    const took = await untilEmpty(GAP_MS - 100);
    expect(took).toBeLessThan(GAP_MS);
  });
});
