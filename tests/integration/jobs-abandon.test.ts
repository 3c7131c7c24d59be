// Marking a stalled job abandoned, through POST /api/v1/jobs/{id}/abandon with real sessions of each role and
// real keys against PostgreSQL: who may, what the job becomes, the audit row, the job.cancelled event and its
// transcript entry, that the agent's liveness is left alone, and what late events do afterwards.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as abandonRoute } from "@/app/api/v1/jobs/[id]/abandon/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { agent, auditLog, event, job, transcriptEntry } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import type { Role } from "@/lib/auth/roles";
import { REFUSALS } from "@/lib/auth/session";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { abandonResponseSchema } from "@/lib/jobs/schemas";
import { createTestProject } from "../helpers/db";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

const MIN = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MIN).toISOString();

let handle: DbHandle;
let project: { id: string; slug: string };
const users = new Map<Role, { email: string; cookie: string }>();

/** A job of `agent` started 60 minutes ago whose last event was `quietMinutes` ago; the agent heartbeats now. */
async function stalledJob(ext: string, quietMinutes: number, agentName = "scout") {
  const r = await ingestBatch({
    db: handle.db,
    projectId: project.id,
    apiKeyId: null,
    rawEvents: [
      {
        id: `${ext}-s`,
        type: "job.started",
        time: ago(60),
        job: ext,
        agent: agentName,
        data: { title: `Migrate ${ext}`, harness: "claude-code" },
      },
      {
        id: `${ext}-m`,
        type: "job.message",
        time: ago(quietMinutes),
        job: ext,
        data: { role: "assistant", text: "working" },
      },
      {
        id: `${ext}-hb`,
        type: "agent.heartbeat",
        time: ago(0),
        agent: agentName,
        data: { status: "busy", job: ext },
      },
    ],
  });
  expect(r.rejected).toBe(0);
}

function post(id: string, body: unknown, auth: { cookie?: string; key?: string }) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth.cookie)
    Object.assign(headers, { cookie: auth.cookie, origin: TEST_ORIGIN, host: new URL(TEST_ORIGIN).host });
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  return abandonRoute(
    new Request(`${TEST_ORIGIN}/api/v1/jobs/${encodeURIComponent(id)}/abandon?project=${project.slug}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id }) },
  );
}

const jobRow = async (ext: string) =>
  (
    await handle.db
      .select()
      .from(job)
      .where(and(eq(job.projectId, project.id), eq(job.externalId, ext)))
  )[0];
const errorOf = async (res: Response) => errorResponseSchema.parse(await res.json()).error;

beforeAll(async () => {
  handle = await getDbHandle();
  project = await createTestProject(handle);
  for (const role of ["admin", "member", "viewer"] as const) {
    const u = await createUser(handle.db, role);
    users.set(role, { email: u.email, cookie: await signIn(u) });
  }
});
afterAll(async () => {
  await handle.close();
});

describe("POST /api/v1/jobs/{id}/abandon", () => {
  it("refuses a viewer (403) and leaves the job running; a member ends it as cancelled, recorded", async () => {
    await stalledJob("ab-1", 20); // silent 20 min > the default 15: stalled
    const viewer = users.get("viewer");
    const refused = await post("ab-1", {}, { cookie: viewer?.cookie });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toBe(REFUSALS.triage);
    expect((await jobRow("ab-1"))?.status).toBe("running");

    const [agentBefore] = await handle.db
      .select()
      .from(agent)
      .where(and(eq(agent.projectId, project.id), eq(agent.name, "scout")));
    const member = users.get("member");
    const res = await post("ab-1", {}, { cookie: member?.cookie });
    expect(res.status).toBe(200);
    const body = abandonResponseSchema.parse(await res.json());
    // the default note: 20 minutes since the last event (19 if the clock ticked past a minute boundary)
    expect(body.reason).toMatch(new RegExp(`^abandoned by ${member?.email}: no event for (19|20) min$`));
    expect(body.event_id).toBe("ab-1:abandoned");
    expect(body.job).toMatchObject({ status: "cancelled", stalled: false, external_id: "ab-1" });

    const row = await jobRow("ab-1");
    expect(row?.status).toBe("cancelled");
    expect(row?.cancelReason).toBe(body.reason);
    // closed at its last event's time, as imports close sessions: the job did nothing after it
    expect(row?.endedAt?.toISOString()).toBe(row?.lastEventAt.toISOString());

    // the event and the transcript say who did it
    const [ev] = await handle.db
      .select()
      .from(event)
      .where(and(eq(event.projectId, project.id), eq(event.id, "ab-1:abandoned")));
    expect(ev).toMatchObject({ type: "job.cancelled", jobExternalId: "ab-1" });
    expect(ev?.data).toEqual({ reason: body.reason, abandoned_by: member?.email });
    const [entry] = await handle.db
      .select()
      .from(transcriptEntry)
      .where(and(eq(transcriptEntry.projectId, project.id), eq(transcriptEntry.eventId, "ab-1:abandoned")));
    expect(entry?.text).toBe(body.reason);

    // the audit log, in the same transaction
    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project.id), eq(auditLog.action, "job.abandon")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "user",
      actorLabel: member?.email,
      objectType: "job",
      objectId: row?.id,
      objectLabel: "Migrate ab-1",
      after: { status: "cancelled", reason: body.reason },
    });

    // a person closing a job says nothing about its agent: liveness untouched
    const [agentAfter] = await handle.db
      .select()
      .from(agent)
      .where(and(eq(agent.projectId, project.id), eq(agent.name, "scout")));
    expect(agentAfter?.lastSeenAt.toISOString()).toBe(agentBefore?.lastSeenAt.toISOString());
  });

  it("keeps the person's note behind who did it, by Fleetwatch id, and refuses what it cannot do", async () => {
    await stalledJob("ab-2", 40);
    const admin = users.get("admin");
    const id = (await jobRow("ab-2"))?.id ?? "";
    const res = await post(id, { note: "host box-7 was reimaged" }, { cookie: admin?.cookie });
    expect(res.status).toBe(200);
    expect(abandonResponseSchema.parse(await res.json()).reason).toBe(
      `abandoned by ${admin?.email}: host box-7 was reimaged`,
    );

    // again: it is cancelled now (409), not running
    const again = await post(id, {}, { cookie: admin?.cookie });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toBe(
      '"Migrate ab-2" is cancelled: only a running job that has stalled can be marked abandoned.',
    );
    // a running job that is not stalled: silent 5 min < 15
    await stalledJob("ab-3", 5);
    const fresh = await post("ab-3", {}, { cookie: admin?.cookie });
    expect(fresh.status).toBe(409);
    expect((await errorOf(fresh)).message).toMatch(
      /^"Migrate ab-3" is not stalled: its last event was [45] min ago/,
    );
    expect((await jobRow("ab-3"))?.status).toBe("running");
    // unknown job, and bodies the schema refuses
    expect((await post("no-such-job", {}, { cookie: admin?.cookie })).status).toBe(404);
    expect((await post("bad\u0000id", {}, { cookie: admin?.cookie })).status).toBe(404); // not a 500
    const long = await post("ab-3", { note: "x".repeat(501) }, { cookie: admin?.cookie });
    expect(long.status).toBe(400);
    expect((await errorOf(long)).message).toContain("under 500 characters");
    expect((await post("ab-3", { note: "ok", status: "succeeded" }, { cookie: admin?.cookie })).status).toBe(
      400,
    );
  });

  it("takes a key with the triage scope, not one that can only read", async () => {
    await stalledJob("ab-4", 30);
    const read = await createApiKey({
      db: handle.db,
      projectId: project.id,
      name: "reader",
      scopes: ["read"],
    });
    const triage = await createApiKey({
      db: handle.db,
      projectId: project.id,
      name: "ops",
      scopes: ["triage"],
    });
    expect((await post("ab-4", {}, { key: read.key })).status).toBe(403);
    const res = await post("ab-4", {}, { key: triage.key });
    expect(res.status).toBe(200);
    expect(abandonResponseSchema.parse(await res.json()).reason).toMatch(
      /^abandoned by key ops \(.+…\): no event/,
    );
    const [ev] = await handle.db
      .select({ apiKeyId: event.apiKeyId })
      .from(event)
      .where(and(eq(event.projectId, project.id), eq(event.id, "ab-4:abandoned")));
    expect(ev?.apiKeyId).toBe(triage.record.id);
  });

  it("late events: one that does not end the job leaves it cancelled; the runner's own later end decides", async () => {
    await stalledJob("ab-5", 25);
    const member = users.get("member");
    expect((await post("ab-5", {}, { cookie: member?.cookie })).status).toBe(200);
    const late = (events: object[]) =>
      ingestBatch({ db: handle.db, projectId: project.id, apiKeyId: null, rawEvents: events });

    // the runner wakes up: a message, usage, a log after the abandonment, and a failure timed before it
    await late([
      {
        id: "ab-5-late-m",
        type: "job.message",
        time: ago(1),
        job: "ab-5",
        data: { role: "assistant", text: "hi" },
      },
      {
        id: "ab-5-late-l",
        type: "job.log",
        time: ago(1),
        job: "ab-5",
        data: { level: "info", message: "back" },
      },
      {
        id: "ab-5-late-f",
        type: "job.failed",
        time: ago(30), // before the job's last event (25 min ago), where the abandonment closed it
        job: "ab-5",
        data: { error: { message: "lost" } },
      },
    ]);
    let row = await jobRow("ab-5");
    expect(row?.status).toBe("cancelled");
    expect(row?.cancelReason).toMatch(/^abandoned by /);

    // the runner reports how it really ended, after the abandonment's time: the latest terminal event wins
    await late([
      { id: "ab-5-late-c", type: "job.completed", time: ago(0), job: "ab-5", data: { summary: "done" } },
    ]);
    row = await jobRow("ab-5");
    expect(row?.status).toBe("succeeded");
    // the abandonment stays in the events (and so in the transcript)
    const [ev] = await handle.db
      .select({ id: event.id })
      .from(event)
      .where(and(eq(event.projectId, project.id), eq(event.id, "ab-5:abandoned")));
    expect(ev?.id).toBe("ab-5:abandoned");
  });
});
