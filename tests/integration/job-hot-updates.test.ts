// A running job's events that only move its last event within the hour update its row in place: a HOT update, no
// new entry in any of job's indexes (migration 0017: the indexes hold the hour of the last event, and job's pages
// keep room for a row's next versions). An event that crosses the hour, or one that changes an indexed column
// (usage: the cost is in job's covering indexes), writes a new version indexed anew. Counted by PostgreSQL itself,
// in the transaction that wrote them.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle, Tx } from "@/db/client";
import { type IngestEvent, parseEvent } from "@/lib/ingest/protocol";
import { storeEvents } from "@/lib/ingest/store";
import { createTestProject, openTestDb } from "../helpers/db";

const T0 = Date.UTC(2026, 10, 20, 10, 5); // 10:05 UTC
let handle: DbHandle;
let projectId: string;

function event(seq: number, type: string, minute: number, data: Record<string, unknown>): IngestEvent {
  const parsed = parseEvent(
    {
      id: `hot-${seq}`,
      type,
      time: new Date(T0 + minute * 60_000).toISOString(),
      job: "job-1",
      agent: "builder",
      seq,
      data,
    },
    new Date(T0 + 3_600_000 * 3),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

beforeAll(async () => {
  handle = await openTestDb();
  projectId = (await createTestProject(handle)).id;
});
afterAll(async () => handle.close());

describe("job updates in place", () => {
  it("are HOT for events within the hour, and not for usage or an event in the next hour", async () => {
    type Counts = { updated: number; hot: number };
    const seen = await handle.db.transaction(async (tx) => {
      const counts = async () =>
        rowsOf<Counts>(
          await tx.execute(sql`select pg_stat_get_xact_tuples_updated('job'::regclass)::int as updated,
            pg_stat_get_xact_tuples_hot_updated('job'::regclass)::int as hot`),
        )[0] as Counts;
      // one event per statement, as the projector folds a job's events when they arrive one by one
      const store = (e: IngestEvent) => storeEvents({ db: tx as Tx, projectId, apiKeyId: null, events: [e] });
      await store(
        event(1, "job.started", 0, { title: "t", harness: "claude-code", model: "claude-sonnet-4" }),
      );
      const afterStart = await counts();
      await store(event(2, "job.message", 1, { role: "assistant", text: "reading" }));
      await store(event(3, "job.tool_call", 2, { call_id: "c1", tool: "Read", input: { path: "a" } }));
      await store(event(4, "job.tool_result", 3, { call_id: "c1", output: "ok" }));
      const afterActivity = await counts();
      await store(
        event(5, "job.usage", 4, {
          model: "claude-sonnet-4",
          input_tokens: 10,
          output_tokens: 5,
          cost_usd: 0.5,
        }),
      );
      const afterUsage = await counts();
      await store(event(6, "job.message", 57, { role: "assistant", text: "11:02 now" }));
      const afterHour = await counts();
      return { afterStart, afterActivity, afterUsage, afterHour };
    });
    // job.started inserted the row: no update yet
    expect(seen.afterStart).toEqual({ updated: 0, hot: 0 });
    // three events at 10:06-10:08: three updates, all in place
    expect(seen.afterActivity).toEqual({ updated: 3, hot: 3 });
    // the usage changed cost_usd (in job_project_sort_figures_idx and others): indexed anew
    expect(seen.afterUsage).toEqual({ updated: 4, hot: 3 });
    // 11:02: the hour of the last event moved, so did the indexes on it
    expect(seen.afterHour).toEqual({ updated: 5, hot: 3 });
    const [row] = rowsOf<{ last: string; hour: string; events: number }>(
      await handle.db.execute(sql`select to_char(last_event_at at time zone 'UTC', 'HH24:MI') as last,
        to_char(last_event_hour at time zone 'UTC', 'HH24:MI') as hour, event_count as events
        from job where project_id = ${projectId} and external_id = 'job-1'`),
    );
    expect(row).toEqual({ last: "11:02", hour: "11:00", events: 6 });
  });
});
