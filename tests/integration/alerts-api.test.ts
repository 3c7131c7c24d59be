// The incidents API through its real route handlers (keys and a session), the rule backtest (the library with
// `now` injected, then the route), the firing gauge on /api/metrics' collector, and the OpenAPI entries.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as backtestRoute } from "@/app/api/v1/alert-rules/test/route";
import { POST as ackRoute } from "@/app/api/v1/incidents/[id]/ack/route";
import { POST as resolveRoute } from "@/app/api/v1/incidents/[id]/resolve/route";
import { GET as incidentRoute } from "@/app/api/v1/incidents/[id]/route";
import { GET as incidentsRoute } from "@/app/api/v1/incidents/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import type { DbHandle } from "@/db/client";
import { auditLog, project } from "@/db/schema";
import { incidentActionSchema, incidentDetailSchema, incidentsPageSchema } from "@/lib/alerts/api-schemas";
import { backtestRule } from "@/lib/alerts/backtest";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import type { AlertRuleInput } from "@/lib/alerts/rule-schemas";
import { createApiKey } from "@/lib/auth/api-keys";
import { collectMetrics } from "@/lib/metrics/queries";
import { addDestination, addJob, addRule, MIN, outboxOf } from "../helpers/alerts";
import { createTestProject, openTestDb } from "../helpers/db";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

const NOW = Date.now();
const at = (ms: number) => new Date(NOW + ms);

describe("incidents API", () => {
  let handle: DbHandle;
  let projectId: string;
  let slug: string;
  let readKey: string;
  let triageKey: string;
  let configKey: string;
  let dest: string;
  beforeAll(async () => {
    handle = await openTestDb();
    const p = await createTestProject(handle);
    projectId = p.id;
    const [row] = await handle.db.select().from(project).where(eq(project.id, projectId));
    slug = row?.slug ?? "";
    const key = async (scope: "read" | "triage" | "config") =>
      (await createApiKey({ db: handle.db, projectId, name: scope, scopes: [scope] })).key;
    readKey = await key("read");
    triageKey = await key("triage");
    configKey = await key("config");
    dest = await addDestination(handle.db, projectId);
    // two stalled jobs of two agents, one incident per agent: one critical rule
    await addJob(handle.db, projectId, {
      agent: "a1",
      status: "running",
      startedAt: at(-60 * MIN),
      lastEventAt: at(-30 * MIN),
    });
    await addJob(handle.db, projectId, {
      agent: "a2",
      status: "running",
      startedAt: at(-60 * MIN),
      lastEventAt: at(-30 * MIN),
    });
    await addRule(handle.db, projectId, {
      kind: "job_stalled",
      groupBy: "agent",
      severity: "critical",
      destinationIds: [dest],
    });
    await evaluateAlerts(handle.db, at(0), { projectIds: [projectId] });
  });
  afterAll(async () => {
    await handle.close();
  });

  const req = (path: string, auth: { key?: string; cookie?: string }, method = "GET") =>
    new Request(`${TEST_ORIGIN}${path}`, {
      method,
      headers: {
        ...(auth.key ? { authorization: `Bearer ${auth.key}` } : {}),
        ...(auth.cookie ? { cookie: auth.cookie, origin: TEST_ORIGIN, host: new URL(TEST_ORIGIN).host } : {}),
        "content-type": "application/json",
      },
    });
  const params = (id = "") => ({ params: Promise.resolve({ id }) });

  it("lists incidents with counts by status, filters, and shows one with its timeline", async () => {
    const page = incidentsPageSchema.parse(
      await (await incidentsRoute(req("/api/v1/incidents", { key: readKey }), params())).json(),
    );
    expect(page.incidents.map((i) => i.group_key).sort()).toEqual(["agent:a1", "agent:a2"]);
    expect(page.counts).toEqual({ firing: 2, acknowledged: 0, resolved: 0 });
    const none = await incidentsRoute(req("/api/v1/incidents?severity=info", { key: readKey }), params());
    expect(incidentsPageSchema.parse(await none.json()).total).toBe(0);
    const bad = await incidentsRoute(req("/api/v1/incidents?status=exploded", { key: readKey }), params());
    expect(bad.status).toBe(400);
    const id = page.incidents[0]?.id ?? "";
    const one = incidentDetailSchema.parse(
      await (await incidentRoute(req(`/api/v1/incidents/${id}`, { key: readKey }), params(id))).json(),
    );
    expect(one.timeline.map((e) => e.type)).toEqual(["opened", "notified"]);
    expect(
      (await incidentRoute(req("/api/v1/incidents/nope", { key: readKey }), params("nope"))).status,
    ).toBe(404);
  });

  it("acknowledges with a triage key (audited with the key), refuses a read key and a viewer session", async () => {
    const page = incidentsPageSchema.parse(
      await (await incidentsRoute(req("/api/v1/incidents", { key: readKey }), params())).json(),
    );
    const id = page.incidents.find((i) => i.group_key === "agent:a1")?.id ?? "";
    expect(
      (await ackRoute(req(`/api/v1/incidents/${id}/ack`, { key: readKey }, "POST"), params(id))).status,
    ).toBe(403);
    const viewer = await createUser(handle.db, "viewer");
    const cookie = await signIn(viewer);
    const asViewer = await ackRoute(
      req(`/api/v1/incidents/${id}/ack?project=${slug}`, { cookie }, "POST"),
      params(id),
    );
    expect(asViewer.status).toBe(403);
    const res = await ackRoute(req(`/api/v1/incidents/${id}/ack`, { key: triageKey }, "POST"), params(id));
    expect(res.status).toBe(200);
    const body = incidentActionSchema.parse(await res.json());
    expect([body.changed, body.incident.status, body.incident.acknowledged_by]).toEqual([
      true,
      "acknowledged",
      expect.stringContaining("key triage"),
    ]);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.objectId, id));
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([["incident.acknowledge", "key"]]);
    // a member's session may resolve it
    const member = await createUser(handle.db, "member");
    const resolved = await resolveRoute(
      req(`/api/v1/incidents/${id}/resolve?project=${slug}`, { cookie: await signIn(member) }, "POST"),
      params(id),
    );
    expect(resolved.status).toBe(200);
    expect(incidentActionSchema.parse(await resolved.json()).incident.resolved_by).toBe(member.email);
    expect(
      (await ackRoute(req(`/api/v1/incidents/${id}/ack`, { key: triageKey }, "POST"), params(id))).status,
    ).toBe(409);
    const kinds = (await outboxOf(handle.db, projectId))
      .filter((n) => n.incidentId === id)
      .map((n) => n.kind);
    expect(kinds).toEqual(["alert.trigger", "alert.acknowledge", "alert.resolve"]);
  });

  it("counts firing incidents by severity for Prometheus", async () => {
    const families = await collectMetrics({ db: handle.db, projectId, now: at(0) });
    const g = families.find((f) => f.name === "fleetwatch_incidents_firing");
    // a1's was acknowledged then resolved: a2's is the one still firing
    expect(g?.samples.map((s) => [s.labels.severity, s.value])).toEqual([
      ["critical", 1],
      ["error", 0],
      ["warning", 0],
      ["info", 0],
    ]);
  });

  it("backtests a rate rule over 7 days: opens when the failures enter the window, resolves once clear", async () => {
    const p = (await createTestProject(handle)).id;
    const now = new Date("2026-12-04T12:00:00Z");
    const from = now.getTime() - 7 * 86_400_000;
    const E = new Date(from + 3 * 86_400_000 + 7 * MIN); // all 10 jobs end here, 4 of them failed
    for (let i = 0; i < 10; i++)
      await addJob(handle.db, p, { status: i < 4 ? "failed" : "succeeded", startedAt: E, endedAt: E });
    const rule = {
      name: "rate",
      kind: "rate",
      params: {
        metric: "failure_rate",
        windowMinutes: 60,
        minJobs: 10,
        comparison: { against: "threshold", op: "above", value: 25 },
      },
      severity: "error",
      filters: {},
      groupBy: "project",
      escalationPolicyId: null,
      destinationIds: [],
      resolveAfterSeconds: 300,
      enabled: true,
    } as AlertRuleInput;
    const r = await backtestRule(handle.db, p, rule, { now, days: 7 });
    // steps of 60/4 = 15 min from `from`: +3d15m is the first with E in (t-60, t] (40% > 25%); +3d75m the
    // first without it (clear); +3d90m is 15 min ≥ 300 s later: resolved
    expect(r.step_minutes).toBe(15);
    expect(r.incidents).toEqual([
      {
        group_key: "project",
        opened_at: new Date(from + 3 * 86_400_000 + 15 * MIN).toISOString(),
        resolved_at: new Date(from + 3 * 86_400_000 + 90 * MIN).toISOString(),
        title: "Failure rate 40% above 25%",
      },
    ]);
    // the route: a config key may call it; a read key may not; a bad body is a 400
    const post = (key: string, body: unknown) =>
      backtestRoute(
        new Request(`${TEST_ORIGIN}/api/v1/alert-rules/test`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        params(),
      );
    expect((await post(readKey, rule)).status).toBe(403);
    expect((await post(configKey, { ...rule, kind: "nope" })).status).toBe(400);
    const ok = await post(configKey, rule);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ step_minutes: 15, incidents: [] }); // no job of this project in its last 7 days
  });

  it("documents the routes in the OpenAPI document", async () => {
    const doc = (await (await openapi()).json()) as { paths: Record<string, object> };
    for (const p of [
      "/api/v1/incidents",
      "/api/v1/incidents/{id}",
      "/api/v1/incidents/{id}/ack",
      "/api/v1/incidents/{id}/resolve",
      "/api/v1/alert-rules/test",
    ]) {
      expect(doc.paths[p]).toBeDefined();
    }
  });
});
