// event and transcript_entry partitioned by project and UTC day (migration 0010): ids stay unique across
// partitions (event_key), a day with no partition is made on demand, concurrent first events of a day are all
// stored once, and making a day does not block other ingest.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { drainProjections } from "@/lib/ingest/projector";
import { stopProjector } from "@/lib/ingest/projector-loop";
import { detachDay, dropDetached, dropPartition, utcDay } from "@/lib/retention/partitions";
import { runRetention } from "@/lib/retention/run";
import { createTestProject, openTestDb } from "../helpers/db";

let h: DbHandle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => {
  stopProjector(h.db);
  await h.close();
});

const DAY = 86_400_000;
const daysAgo = (d: number, s = 0) => new Date(Date.now() - d * DAY + s * 1000).toISOString();
const count = async (query: ReturnType<typeof sql>) =>
  Number(rowsOf<{ n: number }>(await h.db.execute(query))[0]?.n);
const partitionExists = async (projectId: string, day: string) =>
  (await count(
    sql`select count(*)::int as n from pg_class where relname = ${`event_p${projectId.replaceAll("-", "")}_${day.replaceAll("-", "")}`}`,
  )) === 1;

describe("partitioned events", () => {
  for (const projection of ["queued", "inline"] as const) {
    it(`a repeat of a stored id with another time is a duplicate (${projection})`, async () => {
      const p = await createTestProject(h);
      const ev = (time: string) => ({
        id: "e1",
        type: "job.log",
        time,
        job: "j1",
        data: { level: "info", message: "x" },
      });
      const first = await ingestBatch({
        db: h.db,
        projectId: p.id,
        apiKeyId: null,
        rawEvents: [ev(daysAgo(0, -60))],
        projection,
      });
      expect(first).toEqual({ accepted: 1, duplicates: 0, rejected: 0 });
      // the same id three days earlier: another day partition, still the same event
      const again = await ingestBatch({
        db: h.db,
        projectId: p.id,
        apiKeyId: null,
        rawEvents: [ev(daysAgo(3))],
        projection,
      });
      expect(again).toEqual({ accepted: 0, duplicates: 1, rejected: 0 });
      await drainProjections(h.db, { projectId: p.id });
      // one event, one ledger row, one transcript entry; the time is the first one's
      expect(await count(sql`select count(*)::int as n from event where project_id = ${p.id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from event_key where project_id = ${p.id}`)).toBe(1);
      expect(
        await count(sql`select count(*)::int as n from transcript_entry where project_id = ${p.id}`),
      ).toBe(1);
      expect(
        await count(
          sql`select count(*)::int as n from event where project_id = ${p.id} and time > now() - interval '1 day'`,
        ),
      ).toBe(1);
    });
  }

  it("stores an event of a day that has no partition yet (made on demand), and projects it", async () => {
    const p = await createTestProject(h);
    const time = daysAgo(40);
    const day = utcDay(time);
    // a new project has yesterday..today+2 only
    expect(await partitionExists(p.id, day)).toBe(false);
    const res = await ingestBatch({
      db: h.db,
      projectId: p.id,
      apiKeyId: null,
      projection: "queued",
      rawEvents: [
        { id: "old-1", type: "job.started", time, job: "old", agent: "a", data: { harness: "claude-code" } },
        {
          id: "new-1",
          type: "job.log",
          time: daysAgo(0, -5),
          job: "old",
          data: { level: "info", message: "late" },
        },
      ],
    });
    expect(res).toEqual({ accepted: 2, duplicates: 0, rejected: 0 });
    expect(await partitionExists(p.id, day)).toBe(true);
    await drainProjections(h.db, { projectId: p.id });
    // 2 events stored, both projected into the job's transcript (the old entry in the old day's partition)
    expect(await count(sql`select count(*)::int as n from transcript_entry where project_id = ${p.id}`)).toBe(
      2,
    );
    const [part] = rowsOf<{ t: string }>(
      await h.db.execute(
        sql`select tableoid::regclass::text as t from event where project_id = ${p.id} and id = 'old-1'`,
      ),
    );
    expect(part?.t).toBe(`event_p${p.id.replaceAll("-", "")}_${day.replaceAll("-", "")}`);
  });

  it("refuses per event (207) an event older than the project's job retention; a day inside it is stored", async () => {
    const p = await createTestProject(h);
    const log = (id: string, time: string) => ({
      id,
      type: "job.log",
      time,
      job: "j",
      data: { level: "info", message: id },
    });
    // default job retention 400 days: 401 days ago is refused, 399 days ago is stored (in a day made for it)
    const res = await ingestBatch({
      db: h.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [log("too-old", daysAgo(401)), log("old-enough", daysAgo(399))],
      projection: "queued", // the webhook's path; imports store what they are given
    });
    expect(res).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: 1,
      results: [
        {
          index: 0,
          id: "too-old",
          status: "rejected",
          error:
            "time: more than 400 days ago, beyond this project's retention of jobs (400 days): it would be removed at once. An admin can keep longer history in Settings > Retention.",
        },
        { index: 1, id: "old-enough", status: "accepted" },
      ],
    });
    expect(await count(sql`select count(*)::int as n from event where project_id = ${p.id}`)).toBe(1);
  });

  it("concurrent first events of a new day from many requests are all stored once", async () => {
    const p = await createTestProject(h);
    const day = daysAgo(20);
    expect(await partitionExists(p.id, utcDay(day))).toBe(false);
    // 24 requests at once, each 5 events of that day: ids r<i>-<k>, and every request also repeats "shared".
    // Distinct ids: 24 * 5 + 1 = 121; "shared" is accepted by exactly one request.
    const requests = Array.from({ length: 24 }, (_, i) =>
      ingestBatch({
        db: h.db,
        projectId: p.id,
        apiKeyId: null,
        projection: i % 2 === 0 ? "queued" : "inline",
        rawEvents: [
          ...Array.from({ length: 5 }, (_, k) => ({
            id: `r${i}-${k}`,
            type: "job.log",
            time: daysAgo(20, i + k),
            job: `job-${i}`,
            data: { level: "info", message: `${i}/${k}` },
          })),
          {
            id: "shared",
            type: "job.log",
            time: daysAgo(20, 100 + i),
            job: "job-0",
            data: { level: "info", message: "s" },
          },
        ],
      }),
    );
    const results = await Promise.all(requests);
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(121);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(23);
    expect(results.every((r) => r.rejected === 0)).toBe(true);
    await drainProjections(h.db, { projectId: p.id });
    expect(await count(sql`select count(*)::int as n from event where project_id = ${p.id}`)).toBe(121);
    expect(await count(sql`select count(distinct id)::int as n from event where project_id = ${p.id}`)).toBe(
      121,
    );
    expect(await count(sql`select count(*)::int as n from event_key where project_id = ${p.id}`)).toBe(121);
    expect(await count(sql`select count(*)::int as n from transcript_entry where project_id = ${p.id}`)).toBe(
      121,
    );
  });

  it("making a day's partitions does not block ingest of other projects, nor of the project's other days", async () => {
    const a = await createTestProject(h);
    const b = await createTestProject(h);
    const newDay = utcDay(daysAgo(30));
    let locks: { relname: string; mode: string }[] = [];
    let otherIngest = 0;
    // a transaction makes A's partitions of a new day and stays open, holding whatever locks that took
    await h.db.transaction(async (tx) => {
      await tx.execute(sql`select fleetwatch_ensure_day(${a.id}::uuid, ${newDay}::date)`);
      locks = rowsOf<{ relname: string; mode: string }>(
        await tx.execute(sql`select c.relname, l.mode from pg_locks l join pg_class c on c.oid = l.relation
          where l.pid = pg_backend_pid() and c.relname in ('event', 'transcript_entry', 'project', 'api_key',
            ${`event_p${a.id.replaceAll("-", "")}`}) order by 1, 2`),
      );
      // meanwhile (another connection) B ingests today, and A ingests today: both must finish while we wait
      const started = performance.now();
      const [rb, ra] = await Promise.all([
        ingestBatch({
          db: h.db,
          projectId: b.id,
          apiKeyId: null,
          projection: "queued",
          rawEvents: [
            {
              id: "b1",
              type: "job.log",
              time: daysAgo(0, -5),
              job: "j",
              data: { level: "info", message: "b" },
            },
          ],
        }),
        ingestBatch({
          db: h.db,
          projectId: a.id,
          apiKeyId: null,
          projection: "queued",
          rawEvents: [
            {
              id: "a1",
              type: "job.log",
              time: daysAgo(0, -5),
              job: "j",
              data: { level: "info", message: "a" },
            },
          ],
        }),
      ]);
      otherIngest = performance.now() - started;
      expect(rb.accepted).toBe(1);
      expect(ra.accepted).toBe(1);
    });
    // CREATE TABLE + ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parents (inserts take ROW EXCLUSIVE, which
    // it does not conflict with), never ACCESS EXCLUSIVE on event or the project's table
    const modes = locks
      .filter((l) => l.relname === "event" || l.relname.startsWith("event_p"))
      .map((l) => l.mode);
    expect(modes).not.toContain("AccessExclusiveLock");
    expect(modes).toContain("ShareUpdateExclusiveLock");
    expect(otherIngest).toBeLessThan(5_000);
    await drainProjections(h.db, { projectId: a.id });
    await drainProjections(h.db, { projectId: b.id });
  });

  it("dropping a day waits for no reader of project, api_key or job (no foreign keys on the partitions)", async () => {
    const p = await createTestProject(h);
    const day = utcDay(daysAgo(50));
    await ingestBatch({
      db: h.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [
        { id: "x", type: "job.log", time: daysAgo(50), job: "j", data: { level: "info", message: "x" } },
      ],
    });
    const name = `event_p${p.id.replaceAll("-", "")}_${day.replaceAll("-", "")}`;
    // a long read of the three tables stays open (ACCESS SHARE locks): a foreign key on the partition would make
    // its DROP take ACCESS EXCLUSIVE on them, wait behind this reader and fail at lock_timeout (2 s)
    let took = 0;
    await h.db.transaction(async (reader) => {
      await reader.execute(
        sql`select (select count(*) from project), (select count(*) from api_key), (select count(*) from job limit 1)`,
      );
      const started = performance.now();
      expect(await dropPartition(h.db, name)).toBe(true);
      took = performance.now() - started;
    });
    expect(took).toBeLessThan(1500);
    expect(await partitionExists(p.id, day)).toBe(false);
  });

  const logAt = (id: string, time: string) => ({
    id,
    type: "job.log",
    time,
    job: "j",
    data: { level: "info", message: id },
  });
  const tablesLike = async (prefix: string) =>
    rowsOf<{ name: string }>(
      await h.db.execute(
        sql`select relname as name from pg_class where relname like ${`${prefix}%`} and relkind = 'r' order by 1`,
      ),
    ).map((r) => r.name);

  it("a day detached by a run that died before its drop: gone at once, made again by a late event, dropped next run", async () => {
    const p = await createTestProject(h);
    const day = utcDay(daysAgo(50));
    const name = `event_p${p.id.replaceAll("-", "")}_${day.replaceAll("-", "")}`;
    const ingest = (id: string) =>
      ingestBatch({ db: h.db, projectId: p.id, apiKeyId: null, rawEvents: [logAt(id, daysAgo(50))] });
    const events = () => count(sql`select count(*)::int as n from event where project_id = ${p.id}`);

    expect(await ingest("e1")).toMatchObject({ accepted: 1 });
    // the run dies after the detach: the day has left the project's table and its name is free
    expect(await detachDay(h.db, name)).toBe(`${name}_x`);
    expect(await events()).toBe(0);
    expect(await tablesLike(name)).toEqual([`${name}_x`]);
    // a late event of that day makes the day again beside the table left aside
    expect(await ingest("e2")).toMatchObject({ accepted: 1 });
    expect(await events()).toBe(1);
    expect(await tablesLike(name)).toEqual([name, `${name}_x`]);
    // removing the day again first drops what the dead run left, then the day: nothing of either remains
    expect(await dropPartition(h.db, name)).toBe(true);
    expect(await tablesLike(name)).toEqual([]);
    expect(await events()).toBe(0);
    // and a table left aside is dropped by the next retention run, which keeps the project's other days
    expect(await ingest("e3")).toMatchObject({ accepted: 1 });
    expect(await detachDay(h.db, name)).toBe(`${name}_x`);
    await ingestBatch({
      db: h.db,
      projectId: p.id,
      apiKeyId: null,
      rawEvents: [logAt("e4", daysAgo(0, -60))],
    });
    expect(await runRetention(h.db, { projectIds: [p.id] })).not.toBeNull();
    expect(await tablesLike(name)).toEqual([]);
    expect(await events()).toBe(1);
    await drainProjections(h.db, { projectId: p.id });
  });

  it("the drop that gives a detached day's space back holds up none of the project's ingest", async () => {
    const p = await createTestProject(h);
    const day = utcDay(daysAgo(40));
    const name = `event_p${p.id.replaceAll("-", "")}_${day.replaceAll("-", "")}`;
    await ingestBatch({ db: h.db, projectId: p.id, apiKeyId: null, rawEvents: [logAt("old", daysAgo(40))] });
    const aside = await detachDay(h.db, name);
    expect(aside).toBe(`${name}_x`);
    let ingestMs = 0;
    let drop: Promise<void> | null = null;
    // a reader still holding the detached table keeps its DROP waiting; meanwhile the project's ingest goes on
    // (into today and into the very day removed): the drop holds no lock of the project's tables
    await h.db.transaction(async (reader) => {
      await reader.execute(sql`select count(*) from ${sql.identifier(aside as string)}`);
      drop = dropDetached(h.db, aside as string);
      for (let i = 0; i < 100; i++) {
        const waiting = await count(sql`select count(*)::int as n from pg_locks
          where relation = to_regclass(${aside}) and mode = 'AccessExclusiveLock' and not granted`);
        if (waiting === 1) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(
        await count(sql`select count(*)::int as n from pg_locks
          where relation = to_regclass(${aside}) and mode = 'AccessExclusiveLock' and not granted`),
      ).toBe(1);
      const started = performance.now();
      const stored = await ingestBatch({
        db: h.db,
        projectId: p.id,
        apiKeyId: null,
        rawEvents: [logAt("today", daysAgo(0, -60)), logAt("late", daysAgo(40, 60))],
      });
      ingestMs = performance.now() - started;
      expect(stored).toMatchObject({ accepted: 2, rejected: 0 });
    });
    await drop;
    expect(ingestMs).toBeLessThan(1500);
    expect(await tablesLike(name)).toEqual([name]);
    expect(await count(sql`select count(*)::int as n from event where project_id = ${p.id}`)).toBe(2);
    await drainProjections(h.db, { projectId: p.id });
  });
});
