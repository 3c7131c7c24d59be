// An event PostgreSQL refuses although validation let it through (here a test trigger raising a data exception):
// POST /api/v1/events rejects it alone in the 207 results and stores the rest of the batch.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { ingestResponseSchema } from "@/lib/ingest/protocol";
import { sqlState } from "@/lib/ingest/sql-errors";
import { ensureDays, utcDay } from "@/lib/retention/partitions";
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

/**
 * The trigger goes on this test's project's own table of event (its day partitions under it), which no other test
 * writes: a trigger on event itself locked every project's partitions while the other test workers wrote there,
 * and waited behind them until the test timed out (CI). The DDL still waits at most 200 ms for its locks and tries
 * again a moment later (the retention and purge tests may touch every project's partitions).
 */
async function ddl(statement: ReturnType<typeof sql>) {
  for (let attempt = 1; ; attempt++) {
    try {
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '200ms'`);
        await tx.execute(statement);
      });
      return;
    } catch (err) {
      const state = sqlState(err);
      if ((state !== "40P01" && state !== "55P03") || attempt >= 100) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 100));
    }
  }
}

describe("an event PostgreSQL refuses on POST /api/v1/events", () => {
  it("rejects alone an event PostgreSQL refuses that validation let through, storing the rest", async () => {
    const p = await project();
    // the project's table and today's partition, so the trigger is on them before the first insert
    await ensureDays(handle.db, [{ projectId: p.id, day: utcDay(new Date()) }]);
    const table = sql.identifier(`event_p${p.id.replaceAll("-", "")}`);
    // A real refusal validation cannot foresee: a trigger raising a data exception (SQLSTATE 22023) for events
    // whose data has the key "fw_test_refuse".
    await handle.db.execute(sql`create or replace function fw_test_refuse() returns trigger language plpgsql as
      $$ begin raise exception 'refused for the test' using errcode = '22023'; end $$`);
    await ddl(sql`create trigger fw_test_refuse before insert on ${table} for each row
      when (new.data ? 'fw_test_refuse') execute function fw_test_refuse()`);
    try {
      const log = (i: number, poison: boolean) => ({
        id: `n1-l${i}`,
        type: "job.log",
        time: minutesAgo(5),
        job: "n1",
        data: { level: "info", message: `line ${i}`, ...(poison ? { fw_test_refuse: true } : {}) },
      });
      // 10 events, the 4th and the 9th refused: the halves are split until each refused one stands alone.
      const events = [started("n1"), ...Array.from({ length: 9 }, (_, i) => log(i, i === 2 || i === 7))];
      const res = await p.post(JSON.stringify({ events }));
      expect(res.status).toBe(207);
      const body = ingestResponseSchema.parse(await res.json());
      expect(body).toMatchObject({ accepted: 8, duplicates: 0, rejected: 2 });
      expect(body.results?.filter((r) => r.status === "rejected")).toEqual([
        {
          index: 3,
          id: "n1-l2",
          status: "rejected",
          error: "could not be stored (PostgreSQL: refused for the test)",
        },
        {
          index: 8,
          id: "n1-l7",
          status: "rejected",
          error: "could not be stored (PostgreSQL: refused for the test)",
        },
      ]);
      expect(await jobRow(p.id, "n1")).toMatchObject({ status: "running", eventCount: 8 });
    } finally {
      await ddl(sql`drop trigger if exists fw_test_refuse on ${table}`);
      await handle.db.execute(sql`drop function if exists fw_test_refuse()`);
    }
  });
});
