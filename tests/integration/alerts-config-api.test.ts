// The alerting configuration API through its route handlers: alert rules (POST/GET/PATCH/DELETE), escalation
// policies and silences. Validation (params per kind, cron, foreign ids), who may change what (viewer, member,
// admin, read key, config key) and the audit row each change leaves.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELETE as ruleDelete,
  GET as ruleGet,
  PATCH as rulePatch,
} from "@/app/api/v1/alert-rules/[id]/route";
import { GET as rulesGet, POST as rulesPost } from "@/app/api/v1/alert-rules/route";
import { PATCH as policyPatch } from "@/app/api/v1/escalation-policies/[id]/route";
import { GET as policiesGet, POST as policiesPost } from "@/app/api/v1/escalation-policies/route";
import { DELETE as silenceDelete, PATCH as silencePatch } from "@/app/api/v1/silences/[id]/route";
import { GET as silencesGet, POST as silencesPost } from "@/app/api/v1/silences/route";
import type { DbHandle } from "@/db/client";
import { alertRule, auditLog, destination } from "@/db/schema";
import {
  alertRuleListSchema,
  alertRuleViewSchema,
  escalationPolicyListSchema,
  silenceListSchema,
  silenceViewSchema,
} from "@/lib/alerts/config-schemas";
import { createApiKey } from "@/lib/auth/api-keys";
import { createTestProject, openTestDb } from "../helpers/db";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe("alerting configuration API", () => {
  let handle: DbHandle;
  let projectId: string;
  let slug: string;
  let otherProjectId: string;
  let dest: string;
  let foreignDest: string;
  const auth: Record<"viewer" | "member" | "admin" | "readKey" | "configKey", Record<string, string>> = {
    viewer: {},
    member: {},
    admin: {},
    readKey: {},
    configKey: {},
  };
  let adminId: string;

  beforeAll(async () => {
    handle = await openTestDb();
    const p = await createTestProject(handle);
    projectId = p.id;
    slug = p.slug;
    otherProjectId = (await createTestProject(handle)).id;
    const insertDest = async (pid: string, name: string) => {
      const [d] = await handle.db
        .insert(destination)
        .values({ projectId: pid, name, kind: "webhook", config: { url: "http://127.0.0.1:1/x" } })
        .returning();
      return d?.id ?? "";
    };
    dest = await insertDest(projectId, "ops hook");
    foreignDest = await insertDest(otherProjectId, "someone else's hook");
    for (const role of ["viewer", "member", "admin"] as const) {
      const u = await createUser(handle.db, role);
      if (role === "admin") adminId = u.id;
      auth[role] = { cookie: await signIn(u), origin: TEST_ORIGIN };
    }
    const key = async (scopes: ("read" | "config")[]) =>
      (await createApiKey({ db: handle.db, projectId, name: `k-${scopes[0]}`, scopes })).key;
    auth.readKey = { authorization: `Bearer ${await key(["read"])}` };
    auth.configKey = { authorization: `Bearer ${await key(["config"])}` };
  });
  afterAll(async () => {
    await handle.close();
  });

  const call = async (
    route: Route,
    as: keyof typeof auth,
    method: string,
    path: string,
    body?: unknown,
    id?: string,
  ) => {
    const res = await route(
      new Request(`${TEST_ORIGIN}${path}?project=${slug}`, {
        method,
        headers: { host: new URL(TEST_ORIGIN).host, "content-type": "application/json", ...auth[as] },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve<Record<string, string>>(id ? { id } : {}) },
    );
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
  const audits = (objectId: string) =>
    handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, projectId), eq(auditLog.objectId, objectId)))
      .orderBy(auditLog.id);

  const rateRule = {
    name: "Failure rate above 20%",
    kind: "rate",
    params: {
      metric: "failure_rate",
      windowMinutes: 60,
      comparison: { against: "threshold", op: "above", value: 20 },
    },
  };

  it("creates a rule as a member with defaults filled, lists it, and audits the creation", async () => {
    const created = await call(rulesPost, "member", "POST", "/api/v1/alert-rules", {
      ...rateRule,
      destinationIds: [dest],
      filters: { agent: "builder-7" },
    });
    expect(created.status).toBe(201);
    const rule = alertRuleViewSchema.parse(created.json);
    // defaults of alertRuleInputSchema: severity error, group by project, resolve after 300 s, enabled,
    // minJobs 10 inside the rate params
    expect(rule).toMatchObject({
      severity: "error",
      groupBy: "project",
      resolveAfterSeconds: 300,
      enabled: true,
    });
    expect(rule.params).toMatchObject({ minJobs: 10 });
    const list = alertRuleListSchema.parse(
      (await call(rulesGet, "readKey", "GET", "/api/v1/alert-rules")).json,
    );
    expect(list.rules.map((r) => r.id)).toEqual([rule.id]);
    const [entry, ...more] = await audits(rule.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: "alert_rule.create", actorType: "user", before: null });
    expect(entry?.actorLabel).toMatch(/^member-/);
    expect((entry?.after as { destinationIds?: string[] } | undefined)?.destinationIds).toEqual([dest]);
  });

  it("refuses bad params, unknown fields and foreign destinations or policies with 400, storing nothing", async () => {
    const before = await handle.db.select().from(alertRule).where(eq(alertRule.projectId, projectId));
    const bad: [string, unknown][] = [
      ["rate without a comparison", { ...rateRule, params: { metric: "failure_rate", windowMinutes: 60 } }],
      ["a window of 8 days", { ...rateRule, params: { ...rateRule.params, windowMinutes: 8 * 24 * 60 + 1 } }],
      ["an unknown kind", { ...rateRule, kind: "moon_phase" }],
      ["a stray field", { ...rateRule, sql: "drop table" }],
      ["a label filter without =", { ...rateRule, filters: { label: "team" } }],
    ];
    for (const [what, body] of bad) {
      const res = await call(rulesPost, "member", "POST", "/api/v1/alert-rules", body);
      expect(res.status, what).toBe(400);
    }
    const foreign = await call(rulesPost, "member", "POST", "/api/v1/alert-rules", {
      ...rateRule,
      destinationIds: [foreignDest],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.details[0].path).toEqual(["destinationIds"]);
    const unknownPolicy = await call(rulesPost, "member", "POST", "/api/v1/alert-rules", {
      ...rateRule,
      escalationPolicyId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknownPolicy.status).toBe(400);
    expect(unknownPolicy.json.error.details[0].path).toEqual(["escalationPolicyId"]);
    expect(await handle.db.select().from(alertRule).where(eq(alertRule.projectId, projectId))).toHaveLength(
      before.length,
    );
  });

  it("lets viewers and read keys read but not change; a config key may", async () => {
    expect((await call(rulesPost, "viewer", "POST", "/api/v1/alert-rules", rateRule)).status).toBe(403);
    expect((await call(rulesPost, "readKey", "POST", "/api/v1/alert-rules", rateRule)).status).toBe(403);
    expect((await call(rulesGet, "viewer", "GET", "/api/v1/alert-rules")).status).toBe(200);
    const byKey = await call(rulesPost, "configKey", "POST", "/api/v1/alert-rules", {
      ...rateRule,
      name: "by key",
    });
    expect(byKey.status).toBe(201);
    const [entry] = await audits(byKey.json.id);
    expect(entry).toMatchObject({ actorType: "key", action: "alert_rule.create" });
    expect(entry?.actorLabel).toMatch(/^key k-config/);
  });

  it("patches only what it names, validates the merged rule, audits before/after, and deletes", async () => {
    const created = alertRuleViewSchema.parse(
      (
        await call(rulesPost, "member", "POST", "/api/v1/alert-rules", {
          ...rateRule,
          name: "to patch",
          severity: "warning",
        })
      ).json,
    );
    const path = `/api/v1/alert-rules/${created.id}`;
    const patched = await call(rulePatch, "member", "PATCH", path, { enabled: false }, created.id);
    expect(patched.status).toBe(200);
    // severity untouched by a patch that does not name it (no default sneaks back in)
    expect(patched.json).toMatchObject({ enabled: false, severity: "warning", name: "to patch" });
    // a kind change without the new kind's params is refused: issue_count needs count and windowMinutes
    expect((await call(rulePatch, "member", "PATCH", path, { kind: "issue_count" }, created.id)).status).toBe(
      400,
    );
    const rekind = await call(
      rulePatch,
      "member",
      "PATCH",
      path,
      { kind: "issue_count", params: { count: 5, windowMinutes: 10 } },
      created.id,
    );
    expect(rekind.json).toMatchObject({ kind: "issue_count", params: { count: 5, windowMinutes: 10 } });
    expect((await call(rulePatch, "viewer", "PATCH", path, { enabled: true }, created.id)).status).toBe(403);
    expect((await call(ruleGet, "viewer", "GET", "/api/v1/alert-rules/nope", undefined, "nope")).status).toBe(
      404,
    );

    const updates = (await audits(created.id)).filter((a) => a.action === "alert_rule.update");
    expect(
      updates.map((u) => [
        (u.before as { enabled: boolean }).enabled,
        (u.after as { enabled: boolean }).enabled,
      ]),
    ).toEqual([
      [true, false],
      [false, false],
    ]);
    expect((updates[1]?.before as { kind?: string } | undefined)?.kind).toBe("rate");
    expect((updates[1]?.after as { kind?: string } | undefined)?.kind).toBe("issue_count");

    expect((await call(ruleDelete, "member", "DELETE", path, undefined, created.id)).status).toBe(204);
    expect((await call(ruleGet, "member", "GET", path, undefined, created.id)).status).toBe(404);
    const deleted = (await audits(created.id)).at(-1);
    expect(deleted).toMatchObject({ action: "alert_rule.delete", after: null });
    expect((deleted?.before as { name?: string } | undefined)?.name).toBe("to patch");
  });

  it("escalation policies: admin only, steps validated (1-1440 min, max 10, recipients of the project)", async () => {
    const policy = {
      name: "Night shift",
      steps: [
        { afterMinutes: 5, destinationIds: [dest] },
        { afterMinutes: 15, memberIds: [adminId] },
      ],
      repeat: 2,
    };
    expect((await call(policiesPost, "member", "POST", "/api/v1/escalation-policies", policy)).status).toBe(
      403,
    );
    const tooMany = {
      ...policy,
      steps: Array.from({ length: 11 }, () => ({ afterMinutes: 5, destinationIds: [dest] })),
    };
    const refusals: [string, unknown][] = [
      ["0 minutes", { ...policy, steps: [{ afterMinutes: 0, destinationIds: [dest] }] }],
      ["1441 minutes", { ...policy, steps: [{ afterMinutes: 1441, destinationIds: [dest] }] }],
      ["11 steps", tooMany],
      ["repeat 11", { ...policy, repeat: 11 }],
      ["a step with no recipient", { ...policy, steps: [{ afterMinutes: 5 }] }],
      ["no step", { ...policy, steps: [] }],
    ];
    for (const [what, body] of refusals)
      expect(
        (await call(policiesPost, "admin", "POST", "/api/v1/escalation-policies", body)).status,
        what,
      ).toBe(400);
    const foreign = await call(policiesPost, "admin", "POST", "/api/v1/escalation-policies", {
      ...policy,
      steps: [{ afterMinutes: 5, destinationIds: [foreignDest] }],
    });
    expect(foreign.json.error.details[0].path).toEqual(["steps", 0, "destinationIds"]);
    const ghost = await call(policiesPost, "admin", "POST", "/api/v1/escalation-policies", {
      ...policy,
      steps: [{ afterMinutes: 5, memberIds: ["no-such-user"] }],
    });
    expect(ghost.json.error.details[0].path).toEqual(["steps", 0, "memberIds"]);

    const created = await call(policiesPost, "admin", "POST", "/api/v1/escalation-policies", policy);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    // a rule may now page through it
    const rule = await call(rulesPost, "member", "POST", "/api/v1/alert-rules", {
      ...rateRule,
      name: "paged",
      escalationPolicyId: id,
    });
    expect(rule.status).toBe(201);
    const patched = await call(
      policyPatch,
      "configKey",
      "PATCH",
      `/api/v1/escalation-policies/${id}`,
      { repeat: 0 },
      id,
    );
    expect(patched.json).toMatchObject({ repeat: 0, ruleCount: 1, name: "Night shift" });
    const list = escalationPolicyListSchema.parse(
      (await call(policiesGet, "viewer", "GET", "/api/v1/escalation-policies")).json,
    );
    expect(list.policies.map((p) => [p.name, p.steps.length, p.repeat])).toEqual([["Night shift", 2, 0]]);
    expect((await audits(id)).map((a) => a.action)).toEqual(["escalation.create", "escalation.update"]);
  });

  it("silences: one-off and recurring, invalid cron and foreign rules refused, active now computed, deleted with audit", async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const refusals: [string, unknown][] = [
      ["a cron that is not one", { cron: "61 * * * *", durationMinutes: 30 }],
      ["a cron without duration", { cron: "0 2 * * 6" }],
      ["a one-off without end", { reason: "deploy" }],
      ["an end before the start", { startsAt: iso(now), endsAt: iso(now - 60_000) }],
      ["an unknown matcher", { matchers: { team: "x" }, endsAt: iso(now + 60_000) }],
    ];
    for (const [what, body] of refusals)
      expect((await call(silencesPost, "member", "POST", "/api/v1/silences", body)).status, what).toBe(400);
    const badCron = await call(silencesPost, "member", "POST", "/api/v1/silences", {
      cron: "61 * * * *",
      durationMinutes: 30,
    });
    expect(badCron.json.error.details[0].path).toEqual(["cron"]);
    const foreignRule = await call(silencesPost, "member", "POST", "/api/v1/silences", {
      matchers: { ruleId: "00000000-0000-4000-8000-000000000000" },
      endsAt: iso(now + 60_000),
    });
    expect(foreignRule.status).toBe(400);
    expect(
      (await call(silencesPost, "viewer", "POST", "/api/v1/silences", { endsAt: iso(now + 60_000) })).status,
    ).toBe(403);

    const oneOff = silenceViewSchema.parse(
      (
        await call(silencesPost, "member", "POST", "/api/v1/silences", {
          matchers: { agent: "builder-7" },
          reason: "deploy",
          endsAt: iso(now + 3_600_000),
        })
      ).json,
    );
    expect(oneOff.active).toBe(true); // from now (default start) to an hour from now
    // every minute, for 1 minute from each occurrence: the last occurrence is at most 60 s ago, so active now;
    // starting in an hour, though, it is not active yet
    const later = await call(silencesPost, "member", "POST", "/api/v1/silences", {
      cron: "* * * * *",
      durationMinutes: 1,
      startsAt: iso(now + 3_600_000),
    });
    expect(later.status).toBe(201);
    expect(later.json.active).toBe(false);
    const list = silenceListSchema.parse((await call(silencesGet, "viewer", "GET", "/api/v1/silences")).json);
    expect(list.silences.map((s) => s.id).sort()).toEqual([oneOff.id, later.json.id].sort());

    // ended early: a PATCH of endsAt (validated whole: an end before the start is refused), audited
    expect(
      (await call(silencePatch, "viewer", "PATCH", "/x", { endsAt: iso(now + 1000) }, oneOff.id)).status,
    ).toBe(403);
    const backwards = await call(
      silencePatch,
      "member",
      "PATCH",
      "/x",
      { endsAt: iso(now - 3_600_000) },
      oneOff.id,
    );
    expect(backwards.status).toBe(400);
    const ended = await call(silencePatch, "member", "PATCH", "/x", { endsAt: iso(now + 1000) }, oneOff.id);
    expect(ended.status).toBe(200);
    expect(ended.json.silence.endsAt).toBe(iso(now + 1000));
    expect(
      (await call(silencePatch, "member", "PATCH", "/x", { cron: "not a cron" }, oneOff.id)).status,
    ).toBe(400);
    expect((await call(silenceDelete, "viewer", "DELETE", "/x", undefined, oneOff.id)).status).toBe(403);
    expect((await call(silenceDelete, "member", "DELETE", "/x", undefined, oneOff.id)).status).toBe(204);
    expect((await call(silenceDelete, "member", "DELETE", "/x", undefined, oneOff.id)).status).toBe(404);
    expect((await audits(oneOff.id)).map((a) => a.action)).toEqual([
      "silence.create",
      "silence.update",
      "silence.delete",
    ]);
  });
});
