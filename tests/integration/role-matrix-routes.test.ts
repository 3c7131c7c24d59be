// The role matrix of the API: every mutating route under app/api/v1, driven with a real session of each role
// (owner, admin, member, viewer), and the config and admin access levels with keys. Routes are found on disk, so
// one added later without an entry in the table below fails this test until someone decides who may use it.
// Server actions: role-matrix-actions.test.ts.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextResponse } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { issueActivity } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { REFUSALS } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/route";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { ALLOWED, type Level, ROLES, type RoleMatrix, setupRoleMatrix } from "../helpers/role-matrix";
import { callRoute, type DiscoveredRoute, discoverRoutes } from "../helpers/routes";
import { TEST_ORIGIN } from "../helpers/users";

let handle: DbHandle;
let project: RoleMatrix["project"];
let issueId: string;
let cookies: RoleMatrix["cookies"];
const UUID = () => randomUUID();

beforeAll(async () => {
  ({ handle, project, issueId, cookies } = await setupRoleMatrix());
});
afterAll(async () => {
  // the re-classification POST /failure-rules/apply started runs in the background; let them finish
  await new Promise((r) => setTimeout(r, 500));
});

/**
 * Every mutating route under app/api/v1: who may call it, a minimal body, and what an allowed role gets (worked
 * out from the handler): the normal answer, or the route's own 4xx for a well-formed request it cannot honour.
 */
const ROUTES: Record<
  string,
  | { level: Level; params?: () => Record<string, string>; body?: () => unknown; allowed: number[] }
  | { level: "key-only" }
> = {
  // runners only: a session cookie is never accepted (401 whatever the role)
  "POST /api/v1/events": { level: "key-only" },
  // an import brings data in: member work. A text that is no known format answers 422 (format: null).
  "POST /api/v1/import": {
    level: "triage",
    body: () => ({ file_name: "notes.txt", text: "not a transcript" }),
    allowed: [422],
  },
  // a new rule: 201 with the rule
  "POST /api/v1/failure-rules": {
    level: "triage",
    body: () => ({ name: `matrix ${UUID()}`, failure_class: "infra", message_pattern: "matrix-probe" }),
    allowed: [201],
  },
  // a rule id that does not exist: 404 from the handler, after the role check
  "PATCH /api/v1/failure-rules/[id]": {
    level: "triage",
    params: () => ({ id: UUID() }),
    body: () => ({ enabled: false }),
    allowed: [404],
  },
  "DELETE /api/v1/failure-rules/[id]": { level: "triage", params: () => ({ id: UUID() }), allowed: [404] },
  // 202 starts a re-classification; 200 while one is still running (the next role's call)
  "POST /api/v1/failure-rules/apply": { level: "triage", allowed: [200, 202] },
  "POST /api/v1/failure-rules/preview": {
    level: "triage",
    body: () => ({ name: "preview", failure_class: "infra", message_pattern: "probe" }),
    allowed: [200],
  },
  "POST /api/v1/issues/[id]/triage": {
    level: "triage",
    params: () => ({ id: issueId }),
    body: () => ({ action: "note", text: "role matrix" }),
    allowed: [200],
  },
  // alert destinations are admin work (a key needs the config scope); an email destination sends nothing
  "POST /api/v1/alert-destinations": {
    level: "admin",
    body: () => ({ name: `matrix ${UUID()}`, kind: "email", config: { to: ["ops@fleet.test"] } }),
    allowed: [201],
  },
  "PATCH /api/v1/alert-destinations/[id]": {
    level: "admin",
    params: () => ({ id: UUID() }),
    body: () => ({ enabled: false }),
    allowed: [404],
  },
  "DELETE /api/v1/alert-destinations/[id]": {
    level: "admin",
    params: () => ({ id: UUID() }),
    allowed: [404],
  },
  "POST /api/v1/alert-destinations/[id]/test": {
    level: "admin",
    params: () => ({ id: UUID() }),
    allowed: [404],
  },
  // alert rules are member work (a key needs the config scope): a backtest of a new-issue rule over 7 days
  "POST /api/v1/alert-rules/test": {
    level: "triage",
    body: () => ({ name: "matrix backtest", kind: "issue_new", params: {} }),
    allowed: [200],
  },
  // alert rules and silences are member work; escalation policies admin work (who is woken up)
  "POST /api/v1/alert-rules": {
    level: "triage",
    body: () => ({ name: `matrix ${UUID()}`, kind: "issue_new", params: {} }),
    allowed: [201],
  },
  "PATCH /api/v1/alert-rules/[id]": {
    level: "triage",
    params: () => ({ id: UUID() }),
    body: () => ({ enabled: false }),
    allowed: [404],
  },
  "DELETE /api/v1/alert-rules/[id]": { level: "triage", params: () => ({ id: UUID() }), allowed: [404] },
  // a policy without steps: the handler's validation (400), after the role check
  "POST /api/v1/escalation-policies": {
    level: "admin",
    body: () => ({ name: "matrix", steps: [] }),
    allowed: [400],
  },
  "PATCH /api/v1/escalation-policies/[id]": {
    level: "admin",
    params: () => ({ id: UUID() }),
    body: () => ({ name: "renamed" }),
    allowed: [404],
  },
  "DELETE /api/v1/escalation-policies/[id]": {
    level: "admin",
    params: () => ({ id: UUID() }),
    allowed: [404],
  },
  // a recurring silence with a cron that never parses: 400 from the handler
  "POST /api/v1/silences": {
    level: "triage",
    body: () => ({ matchers: {}, cron: "not a cron", durationMinutes: 30 }),
    allowed: [400],
  },
  // a silence that does not exist: 404 after the role check
  "PATCH /api/v1/silences/[id]": {
    level: "triage",
    params: () => ({ id: UUID() }),
    body: () => ({ reason: "matrix" }),
    allowed: [404],
  },
  "DELETE /api/v1/silences/[id]": { level: "triage", params: () => ({ id: UUID() }), allowed: [404] },
  // acknowledging and resolving are triage; an incident that does not exist: 404 after the role check
  "POST /api/v1/incidents/[id]/ack": { level: "triage", params: () => ({ id: UUID() }), allowed: [404] },
  "POST /api/v1/incidents/[id]/resolve": { level: "triage", params: () => ({ id: UUID() }), allowed: [404] },
  // marking a stalled job abandoned is triage; a job that does not exist: 404 after the role check
  "POST /api/v1/jobs/[id]/abandon": {
    level: "triage",
    params: () => ({ id: UUID() }),
    body: () => ({ note: "role matrix" }),
    allowed: [404],
  },
  "POST /api/v1/issues/bulk-triage": {
    level: "triage",
    body: () => ({ ids: [issueId], action: { action: "resolve" } }),
    allowed: [200],
  },
};

const errorMessage = (text: string) => errorResponseSchema.safeParse(JSON.parse(text)).data?.error.message;

describe("mutating API routes x roles", () => {
  let routes: DiscoveredRoute[];
  beforeAll(async () => {
    routes = (await discoverRoutes("app/api/v1")).filter((r) => r.method !== "GET");
  });

  it("has an entry for every mutating route on disk, and none for a route that is gone", () => {
    expect(routes.map((r) => `${r.method} ${r.pattern}`).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("answers each role as the table says: allowed roles get the route's answer, the others 403", async () => {
    const answers: string[] = [];
    const expected: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.pattern}`;
      const entry = ROUTES[key];
      if (!entry) continue;
      for (const role of ROLES) {
        const res = await callRoute(route, {
          cookie: cookies.get(role) ?? "",
          query: `?project=${project.slug}`,
          params: "params" in entry ? entry.params?.() : {},
          body: "body" in entry ? entry.body?.() : undefined,
        });
        const text = await res.text();
        if (entry.level === "key-only") {
          answers.push(`${key} ${role}: ${res.status}`);
          expected.push(`${key} ${role}: 401`);
        } else if (ALLOWED[entry.level].includes(role)) {
          const ok = entry.allowed.includes(res.status);
          answers.push(`${key} ${role}: ${ok ? "allowed" : `${res.status} ${text.slice(0, 160)}`}`);
          expected.push(`${key} ${role}: allowed`);
        } else {
          const refused = res.status === 403 && errorMessage(text) === REFUSALS[entry.level];
          answers.push(`${key} ${role}: ${refused ? "403" : `${res.status} ${text.slice(0, 160)}`}`);
          expected.push(`${key} ${role}: 403`);
        }
      }
    }
    expect(answers).toEqual(expected);
  });

  it("left the issue as the allowed roles made it (the viewer's refused note is not in its history)", async () => {
    const notes = await handle.db
      .select({ userId: issueActivity.userId })
      .from(issueActivity)
      .where(eq(issueActivity.issueId, issueId));
    // owner, admin and member each added a note and a resolve (bulk) = 6 entries; the viewer none
    expect(notes.length).toBe(6);
  });
});

describe("access levels for routes to come (alert rules, destinations)", () => {
  // No route uses "config" or "admin" yet; the alerts routes will. A route of each level, built with apiRoute.
  const probe = (access: "config" | "admin") =>
    apiRoute({ access, handler: async () => NextResponse.json({ ok: true }) });
  const call = (handler: ReturnType<typeof probe>, headers: Record<string, string>) =>
    handler(
      new Request(`${TEST_ORIGIN}/api/v1/probe?project=${project.slug}`, {
        method: "POST",
        headers: { host: new URL(TEST_ORIGIN).host, origin: TEST_ORIGIN, ...headers },
      }),
      {},
    );

  it("config: members and up by session, a key with the config scope; admin: owners and admins, or that key", async () => {
    const configKey = (
      await createApiKey({ db: handle.db, projectId: project.id, name: "c", scopes: ["config"] })
    ).key;
    const triageKey = (
      await createApiKey({ db: handle.db, projectId: project.id, name: "t", scopes: ["triage"] })
    ).key;
    const answers: Record<string, number> = {};
    for (const access of ["config", "admin"] as const) {
      for (const role of ROLES)
        answers[`${access} ${role}`] = (
          await call(probe(access), { cookie: cookies.get(role) ?? "" })
        ).status;
      answers[`${access} config key`] = (
        await call(probe(access), { authorization: `Bearer ${configKey}` })
      ).status;
      answers[`${access} triage key`] = (
        await call(probe(access), { authorization: `Bearer ${triageKey}` })
      ).status;
    }
    expect(answers).toEqual({
      "config owner": 200,
      "config admin": 200,
      "config member": 200,
      "config viewer": 403,
      "config config key": 200,
      "config triage key": 403,
      "admin owner": 200,
      "admin admin": 200,
      "admin member": 403,
      "admin viewer": 403,
      "admin config key": 200,
      "admin triage key": 403,
    });
  });
});
