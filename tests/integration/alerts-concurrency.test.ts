// The evaluator under concurrency (two evaluators racing on one database; a project held by another one) and
// the signed ack/resolve links of notifications. Real PostgreSQL, `now` injected.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { incident } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { applyIncidentLink, describeIncidentLink } from "@/lib/alerts/link-actions";
import { linkKey, signLink, verifyLink } from "@/lib/alerts/links";
import { addDestination, addJob, addRule, incidentsOf, MIN, outboxOf } from "../helpers/alerts";
import { createTestProject, openTestDb } from "../helpers/db";

const T = new Date("2026-12-04T12:30:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);

describe("evaluator concurrency and signed links", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });
  const tick = (projectId: string, t: Date) => evaluateAlerts(handle.db, t, { projectIds: [projectId] });

  /** A stalled job (running, silent 20 min at T) and a job_stalled rule on it. */
  async function stalled(rule: Parameters<typeof addRule>[2] = {}) {
    const projectId = (await createTestProject(handle)).id;
    const dest = await addDestination(handle.db, projectId);
    await addJob(handle.db, projectId, {
      status: "running",
      startedAt: at(-30 * MIN),
      lastEventAt: at(-20 * MIN),
    });
    const r = await addRule(handle.db, projectId, { kind: "job_stalled", destinationIds: [dest], ...rule });
    return { projectId, dest, ruleId: r.id };
  }

  it("two evaluators racing on one database open one incident and one outbox row per destination", async () => {
    const s = await stalled();
    const d2 = await addDestination(handle.db, s.projectId, "second");
    await handle.db.execute(
      sql`update alert_rule set destination_ids = array[${s.dest}::uuid, ${d2}::uuid] where id = ${s.ruleId}`,
    );
    const other = await openTestDb();
    try {
      const results = await Promise.all([
        tick(s.projectId, T),
        evaluateAlerts(other.db, T, { projectIds: [s.projectId] }),
      ]);
      expect(results.reduce((n, r) => n + r.opened, 0)).toBe(1);
      expect(await incidentsOf(handle.db, s.projectId)).toHaveLength(1);
      expect((await outboxOf(handle.db, s.projectId)).map((n) => n.destinationId).sort()).toEqual(
        [s.dest, d2].sort(),
      );
    } finally {
      await other.close();
    }
  });

  it("an evaluator skips a project another one holds (the advisory lock), and evaluates it once released", async () => {
    const s = await stalled();
    const other = await openTestDb();
    try {
      let release: () => void = () => {};
      let held: () => void = () => {};
      const holding = new Promise<void>((r) => {
        held = r;
      });
      const holder = other.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${0x616c7274}, hashtext(${s.projectId}))`);
        held();
        await new Promise<void>((r) => {
          release = r;
        });
      });
      await holding;
      const skipped = await tick(s.projectId, T);
      expect([skipped.skipped, skipped.projects]).toEqual([1, 0]);
      expect(await incidentsOf(handle.db, s.projectId)).toHaveLength(0);
      release();
      await holder;
      expect((await tick(s.projectId, T)).opened).toBe(1);
    } finally {
      await other.close();
    }
  });

  it("a signed ack link works; tampered, foreign-key and expired links are refused", async () => {
    const s = await stalled();
    await tick(s.projectId, T);
    const [trigger] = await outboxOf(handle.db, s.projectId);
    const ackUrl = new URL(((trigger?.payload ?? {}) as { ackUrl?: string }).ackUrl ?? "");
    expect(ackUrl.pathname).toBe("/incident-link");
    const token = ackUrl.searchParams.get("token") ?? "";
    const key = await linkKey(handle.db);
    // expires 7 days after it was signed (the trigger went out at T)
    const claims = verifyLink(key, token, T);
    expect(claims.ok && claims.claims.e).toBe(T.getTime() + 7 * 86_400_000);
    expect(claims.ok && claims.claims.d).toBe(s.dest);
    const [payload, sig] = token.split(".") as [string, string];
    const forged = JSON.parse(Buffer.from(payload, "base64url").toString());
    forged.a = "resolve";
    const tampered = `${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${sig}`;
    expect(await applyIncidentLink(handle.db, tampered, at(MIN))).toMatchObject({ ok: false });
    const otherKey = signLink(Buffer.alloc(32, 7), { ...forged, a: "ack" });
    expect(await applyIncidentLink(handle.db, otherKey, at(MIN))).toMatchObject({ ok: false });
    expect(await applyIncidentLink(handle.db, token, new Date(T.getTime() + 7 * 86_400_000))).toEqual({
      ok: false,
      error: "This link has expired. Open the incident in the console instead.",
    });
    expect((await incidentsOf(handle.db, s.projectId))[0]?.status).toBe("firing"); // nothing changed so far
    expect(await describeIncidentLink(handle.db, token, at(MIN))).toMatchObject({ ok: true, action: "ack" });
    expect(await applyIncidentLink(handle.db, token, at(MIN))).toEqual({
      ok: true,
      message: "Incident acknowledged.",
    });
    expect(await applyIncidentLink(handle.db, token, at(2 * MIN))).toEqual({
      ok: true,
      message: "The incident was already acknowledged.",
    });
    const [inc] = await handle.db
      .select()
      .from(incident)
      .where(and(eq(incident.projectId, s.projectId)));
    expect([inc?.status, inc?.acknowledgedBy]).toEqual(["acknowledged", "link sent to ops"]);
  });
});
