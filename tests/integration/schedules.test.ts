// Schedules on real PostgreSQL: runner-declared schedules appear from ingested events alone, and each expected
// slot gets the outcome worked out by hand below, across both 2026 daylight-saving changes in Europe/Paris
// (croner's semantics: a skipped 02:30 runs at 03:00 local, a repeated 02:30 runs once, at the first one).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { schedule } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { listSchedules } from "@/lib/schedules/queries";
import { createTestProject, openTestDb } from "../helpers/db";

type Ev = Record<string, unknown>;
const MIN = 60_000;

/** A job's events: queued/started with its trigger, then its end (none: still running). */
function run(
  id: string,
  startIso: string,
  end: "succeeded" | "failed" | null,
  trigger: Record<string, unknown> | null,
  agent = "nightly-bot",
): Ev[] {
  const start = new Date(startIso);
  const evs: Ev[] = [
    {
      id: `${id}-s`,
      type: "job.started",
      time: start.toISOString(),
      job: id,
      agent,
      data: { harness: "claude-code", ...(trigger ? { trigger } : {}) },
    },
  ];
  const endTime = new Date(start.getTime() + 5 * MIN).toISOString();
  if (end === "succeeded")
    evs.push({ id: `${id}-e`, type: "job.completed", time: endTime, job: id, data: {} });
  if (end === "failed")
    evs.push({
      id: `${id}-e`,
      type: "job.failed",
      time: endTime,
      job: id,
      data: { error: { message: "boom" } },
    });
  return evs;
}

const outcomes = (s: { recent: { at: Date; outcome: string; job: { externalId: string } | null }[] }) =>
  s.recent.map((r) => [r.at.toISOString(), r.outcome, r.job?.externalId ?? null]);

describe("schedules", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  async function ingest(projectId: string, events: Ev[]) {
    const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
    expect(r.rejected).toBe(0);
  }

  it("spring forward (2026-03-29, Europe/Paris): on time, late, the skipped 02:30 at 03:00, missed, failed", async () => {
    const projectId = (await createTestProject(handle)).id;
    const trigger = { kind: "cron", name: "nightly-report", schedule: "30 2 * * *", tz: "Europe/Paris" };
    // Slots of 02:30 Paris: CET (UTC+1) until the 29th, CEST (UTC+2) from it; on the 29th 02:30 does not exist
    // (02:00 → 03:00) and croner runs it at 03:00 CEST = 01:00Z. Default grace: 10% of ~24 h, capped: 10 min.
    //   03-27 01:30Z  n1 started 01:32Z (+2 min ≤ 10), succeeded              → on_time
    //   03-28 01:30Z  n2 started 01:55Z (+25 min > 10, before the next slot)  → late
    //   03-29 01:00Z  n3 started 01:05Z (+5 min): on time only because the slot is 03:00 CEST; were the slot
    //                 01:30Z (02:30 read as CEST), n3 would sit in the 28th's interval and the 29th be missed
    //   03-30 00:30Z  no job, grace long past                                  → missed
    //   03-31 00:30Z  n5 started 00:31Z and failed                             → failed
    // The first job (n1) is when the schedule appeared: no slot before 03-27 is expected.
    await ingest(projectId, [
      ...run("n1", "2026-03-27T01:32:00Z", "succeeded", trigger),
      ...run("n2", "2026-03-28T01:55:00Z", "succeeded", trigger),
      ...run("n3", "2026-03-29T01:05:00Z", "succeeded", trigger),
      ...run("n5", "2026-03-31T00:31:00Z", "failed", trigger),
      // another job without a trigger: belongs to no schedule
      ...run("other", "2026-03-30T00:35:00Z", "succeeded", null),
    ]);
    const now = new Date("2026-03-31T12:00:00Z");
    const [s, ...more] = await listSchedules({ db: handle.db, projectId, now });
    expect(more).toEqual([]);
    expect(s?.error).toBeNull();
    expect(s).toMatchObject({
      key: "nightly-report",
      source: "runner",
      cron: "30 2 * * *",
      timezone: "Europe/Paris",
      description: "At 02:30, every day, Europe/Paris time",
      enabled: true,
    });
    expect(s && outcomes(s)).toEqual([
      ["2026-03-27T01:30:00.000Z", "on_time", "n1"],
      ["2026-03-28T01:30:00.000Z", "late", "n2"],
      ["2026-03-29T01:00:00.000Z", "on_time", "n3"],
      ["2026-03-30T00:30:00.000Z", "missed", null],
      ["2026-03-31T00:30:00.000Z", "failed", "n5"],
    ]);
    expect(s?.recent.map((r) => r.graceMs)).toEqual([600_000, 600_000, 600_000, 600_000, 600_000]);
    expect(s?.last?.outcome).toBe("failed");
    expect(s?.nextAt?.toISOString()).toBe("2026-04-01T00:30:00.000Z");
    // on time: n1, n3 of the 5 decided slots = 0.4
    expect(s?.onTimeRate).toBe(0.4);
  });

  it("fall back (2026-10-25, Europe/Paris): the repeated 02:30 runs once (the first); an hourly runs both 02:00s", async () => {
    const projectId = (await createTestProject(handle)).id;
    const daily = { kind: "cron", schedule: "30 2 * * *", tz: "Europe/Paris" }; // no name: the cron is its key
    const hourly = { kind: "cron", name: "hourly-sync", schedule: "0 * * * *", tz: "Europe/Paris" };
    // Daily 02:30 Paris: CEST (UTC+2) until 03:00 CEST on the 25th, then CET (UTC+1). 02:30 happens at 00:30Z
    // (CEST) and again at 01:30Z (CET); croner runs only the first.
    //   10-24 00:30Z  f1 started 00:31Z, succeeded                              → on_time
    //   10-25 00:30Z  f2 started 01:30Z: 02:30 CET, the second 02:30, is 60 min
    //                 after the slot (> 10 min grace), before the next slot      → late
    //   10-26 01:30Z  no job                                                     → missed
    //   10-27 01:30Z  f4 started 01:38Z, still running at now (02:00Z)           → running
    // Hourly at :00 Paris over the night of the change follows real time: 00:00Z (02:00 CEST), 01:00Z (02:00
    // CET), 02:00Z (03:00 CET) are three slots an hour apart; grace 10% of 1 h = 6 min.
    //   00:00Z  h1 at 00:01Z → on_time;  01:00Z no job → missed;  02:00Z h3 at 02:07Z (+7 > 6) → late
    await ingest(projectId, [
      ...run("f1", "2026-10-24T00:31:00Z", "succeeded", daily),
      ...run("f2", "2026-10-25T01:30:00Z", "succeeded", daily),
      ...run("f4", "2026-10-27T01:38:00Z", null, daily),
      ...run("h1", "2026-10-25T00:01:00Z", "succeeded", hourly, "sync-bot"),
      ...run("h3", "2026-10-25T02:07:00Z", "succeeded", hourly, "sync-bot"),
    ]);
    const all = await listSchedules({ db: handle.db, projectId, now: new Date("2026-10-27T02:00:00Z") });
    const byKey = new Map(all.map((s) => [s.key, s]));
    expect([...byKey.keys()].sort()).toEqual(["30 2 * * *", "hourly-sync"]);
    const d = byKey.get("30 2 * * *");
    expect(d && outcomes(d)).toEqual([
      ["2026-10-24T00:30:00.000Z", "on_time", "f1"],
      ["2026-10-25T00:30:00.000Z", "late", "f2"],
      ["2026-10-26T01:30:00.000Z", "missed", null],
      ["2026-10-27T01:30:00.000Z", "running", "f4"],
    ]);
    // decided: on_time, late, missed → 1/3
    expect(d?.onTimeRate).toBeCloseTo(1 / 3, 10);
    const hourlyView = await listSchedules({
      db: handle.db,
      projectId,
      now: new Date("2026-10-25T02:30:00Z"),
      key: "hourly-sync",
    });
    expect(hourlyView[0] && outcomes(hourlyView[0])).toEqual([
      ["2026-10-25T00:00:00.000Z", "on_time", "h1"],
      ["2026-10-25T01:00:00.000Z", "missed", null],
      ["2026-10-25T02:00:00.000Z", "late", "h3"],
    ]);
    expect(hourlyView[0]?.recent.map((r) => r.graceMs)).toEqual([360_000, 360_000, 360_000]);
  });

  it("a slot within its grace is due, then missed once the grace ends; a job later in the interval makes it late", async () => {
    const projectId = (await createTestProject(handle)).id;
    const trigger = { kind: "cron", name: "every-10", schedule: "*/10 * * * *" };
    await ingest(projectId, run("e1", "2026-12-01T10:00:30Z", "succeeded", trigger));
    // slots 10:00Z and 10:10Z; grace 10% of 10 min = 60 s
    const at = async (iso: string) =>
      outcomes((await listSchedules({ db: handle.db, projectId, now: new Date(iso) }))[0] ?? { recent: [] });
    expect(await at("2026-12-01T10:10:59Z")).toEqual([
      ["2026-12-01T10:00:00.000Z", "on_time", "e1"],
      ["2026-12-01T10:10:00.000Z", "due", null],
    ]);
    expect((await at("2026-12-01T10:11:00Z"))[1]).toEqual(["2026-12-01T10:10:00.000Z", "missed", null]);
    await ingest(projectId, run("e2", "2026-12-01T10:14:00Z", "succeeded", trigger));
    expect((await at("2026-12-01T10:15:00Z"))[1]).toEqual(["2026-12-01T10:10:00.000Z", "late", "e2"]);
  });

  it("a Settings-declared schedule matches its named jobs and its agent's unnamed ones, with its own grace", async () => {
    const projectId = (await createTestProject(handle)).id;
    const [row] = await handle.db
      .insert(schedule)
      .values({
        projectId,
        name: "morning-digest",
        cron: "0 6 * * *",
        timezone: "UTC",
        agentName: "digest-bot",
        graceSeconds: 1800,
        // declared a while before the runs below
        createdAt: new Date("2026-11-30T00:00:00Z"),
      })
      .returning();
    expect(row).toBeDefined();
    // Slots 06:00Z on 11-30 .. 12-03; grace 30 min (its own, not the 10 min default).
    //   11-30  d1: digest-bot, no trigger, at 06:20Z (+20 ≤ 30)     → on_time (the 10 min default says late)
    //   12-01  d2: another agent, trigger name morning-digest, 06:45Z (+45 > 30) → late
    //   12-02  only other-bot without a trigger at 06:01Z: not this schedule's → missed
    //   12-03  d4: digest-bot, no trigger, failed                      → failed
    await ingest(projectId, [
      ...run("d1", "2026-11-30T06:20:00Z", "succeeded", null, "digest-bot"),
      ...run(
        "d2",
        "2026-12-01T06:45:00Z",
        "succeeded",
        { kind: "cron", name: "morning-digest" },
        "other-bot",
      ),
      ...run("x3", "2026-12-02T06:01:00Z", "succeeded", null, "other-bot"),
      ...run("d4", "2026-12-03T06:02:00Z", "failed", null, "digest-bot"),
    ]);
    const [s, ...more] = await listSchedules({
      db: handle.db,
      projectId,
      now: new Date("2026-12-03T12:00:00Z"),
    });
    expect(more).toEqual([]);
    expect(s).toMatchObject({ key: "morning-digest", source: "settings", id: row?.id, graceSeconds: 1800 });
    expect(s && outcomes(s)).toEqual([
      ["2026-11-30T06:00:00.000Z", "on_time", "d1"],
      ["2026-12-01T06:00:00.000Z", "late", "d2"],
      ["2026-12-02T06:00:00.000Z", "missed", null],
      ["2026-12-03T06:00:00.000Z", "failed", "d4"],
    ]);
    // disabling it keeps it listed, marked disabled
    await handle.db.update(schedule).set({ enabled: false }).where(eq(schedule.projectId, projectId));
    const [off] = await listSchedules({ db: handle.db, projectId, now: new Date("2026-12-03T12:00:00Z") });
    expect(off?.enabled).toBe(false);
  });
});
