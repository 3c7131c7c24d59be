// Schedules declared in Settings (create, rename clash, update, delete, each audited) and GET /api/v1/schedules
// with a real key against PostgreSQL, parsed with the route's own zod schema.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listSchedulesRoute } from "@/app/api/v1/schedules/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createSchedule, deleteSchedule, updateSchedule } from "@/lib/schedules/manage";
import { scheduleInput, schedulesResponseSchema } from "@/lib/schedules/schemas";
import { createTestProject } from "../helpers/db";

const BASE = "http://fleetwatch.test";
const noParams = { params: Promise.resolve({}) };
const actor = systemActor("schedules-test");

let handle: DbHandle;
let projectId: string;
let readKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  readKey = (await createApiKey({ db: handle.db, projectId, name: "read", scopes: ["read"] })).key;
});
afterAll(async () => {
  await handle.close();
});

const get = (path: string, key: string | null) =>
  listSchedulesRoute(
    new Request(`${BASE}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
    noParams,
  );

describe("Settings-declared schedules", () => {
  it("validates the cron and the zone, and defaults grace and agent", () => {
    expect(
      scheduleInput.safeParse({ name: "x", cron: "61 * * * *", timezone: "UTC" }).error?.issues[0],
    ).toMatchObject({
      path: ["cron"],
      message: "Not a cron expression croner accepts: CronPattern: Invalid value for minute: 61",
    });
    expect(
      scheduleInput.safeParse({ name: "x", cron: "0 3 * * *", timezone: "Mars/Olympus" }).error?.issues[0]
        ?.message,
    ).toBe("Not a time zone (e.g. Europe/Paris, UTC)");
    expect(
      scheduleInput.parse({ name: " nightly ", cron: "0 3 * * *", timezone: "Europe/Paris", agentName: "" }),
    ).toEqual({
      name: "nightly",
      cron: "0 3 * * *",
      timezone: "Europe/Paris",
      agentName: null,
      graceMinutes: null,
      enabled: true,
    });
  });

  it("creates, refuses a second of the same name, updates and deletes, each with its audit entry", async () => {
    const db = handle.db;
    const input = scheduleInput.parse({
      name: "backup",
      cron: "0 3 * * *",
      timezone: "Europe/Paris",
      graceMinutes: 15,
    });
    const created = await createSchedule({ db, projectId, actor, userId: null, input });
    expect(created.ok && created.schedule).toMatchObject({
      name: "backup",
      graceSeconds: 900,
      enabled: true,
    });
    expect(await createSchedule({ db, projectId, actor, userId: null, input })).toEqual({
      ok: false,
      error: "A schedule with this name exists in this project.",
    });
    const id = created.ok ? created.schedule.id : "";
    const updated = await updateSchedule({
      db,
      projectId,
      actor,
      id,
      input: { ...input, enabled: false, graceMinutes: null },
    });
    expect(updated.ok && updated.schedule).toMatchObject({ enabled: false, graceSeconds: null });
    // another project cannot touch it
    const other = (await createTestProject(handle)).id;
    expect((await deleteSchedule({ db, projectId: other, actor, id })).ok).toBe(false);
    const entries = await db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "schedule"), eq(auditLog.objectId, id)))
      .orderBy(auditLog.at);
    expect(entries.map((e) => e.action)).toEqual(["schedule.create", "schedule.update"]);
    expect(entries[1]?.before).toMatchObject({ enabled: true, graceSeconds: 900 });
    expect(entries[1]?.after).toMatchObject({ enabled: false, graceSeconds: null });
    // shown by the API (disabled) until deleted
    let body = schedulesResponseSchema.parse(
      await (await get("/api/v1/schedules?name=backup", readKey)).json(),
    );
    expect(body.schedules.map((s) => [s.name, s.source, s.enabled, s.description])).toEqual([
      ["backup", "settings", false, "At 03:00, every day, Europe/Paris time"],
    ]);
    expect((await deleteSchedule({ db, projectId, actor, id })).ok).toBe(true);
    body = schedulesResponseSchema.parse(await (await get("/api/v1/schedules?name=backup", readKey)).json());
    expect(body.schedules).toEqual([]);
  });
});

describe("GET /api/v1/schedules", () => {
  it("lists a runner-declared schedule with its slots, next run and rate", async () => {
    // the request below must land in the same minute as `now`: start early in a minute
    if (Date.now() % 60_000 > 45_000) await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
    const now = Date.now();
    // an every-minute schedule whose first job ran 3 slots ago, on time; the next two slots have no job
    const minute = 60_000;
    const slot0 = Math.floor(now / minute) * minute - 3 * minute;
    const r = await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        {
          id: "m1",
          type: "job.started",
          time: new Date(slot0 + 1000).toISOString(),
          job: "m1",
          agent: "ticker",
          data: { harness: "codex", trigger: { kind: "cron", name: "ticker", schedule: "* * * * *" } },
        },
        { id: "m1e", type: "job.completed", time: new Date(slot0 + 2000).toISOString(), job: "m1", data: {} },
      ],
    });
    expect(r.rejected).toBe(0);
    const res = await get("/api/v1/schedules?name=ticker&slots=3", readKey);
    expect(res.status).toBe(200);
    const [s] = schedulesResponseSchema.parse(await res.json()).schedules;
    // the 3 latest slots up to now: slot0 + 1, + 2 and + 3 min (`now`'s own minute); slot0 + 1 min has no job and
    // its grace (10% of 1 min = 6 s) is over: missed
    expect(s?.source).toBe("runner");
    expect(s?.slots.map((x) => x.at)).toEqual(
      [1, 2, 3].map((k) => new Date(slot0 + k * minute).toISOString()),
    );
    expect(s?.slots[0]).toMatchObject({ outcome: "missed", grace_seconds: 6, job: null });
    expect(s?.next_at).toBe(new Date(slot0 + 4 * minute).toISOString());
    const all = schedulesResponseSchema.parse(
      await (await get("/api/v1/schedules?slots=30", readKey)).json(),
    );
    const ticker = all.schedules.find((x) => x.name === "ticker");
    expect(ticker?.slots[0]).toMatchObject({
      outcome: "on_time",
      job: { external_id: "m1", agent: "ticker" },
      delay_seconds: 1,
    });
  });

  it("answers 401 without a key and 400 for a bad slots count", async () => {
    const anon = await get("/api/v1/schedules", null);
    expect(anon.status).toBe(401);
    errorResponseSchema.parse(await anon.json());
    const bad = await get("/api/v1/schedules?slots=0", readKey);
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(await bad.json()).error.message).toMatch(/slots/);
  });
});
