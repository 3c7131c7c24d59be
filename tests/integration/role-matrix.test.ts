// The role matrix: every mutating route under app/api/v1 and every server action, driven with a real session of
// each role (owner, admin, member, viewer). Routes and actions are found on disk, so one added later without an
// entry in the tables below fails this test until someone decides who may use it.
//
// Server actions read the request through next/headers and revalidate through next/cache, which only exist
// inside a Next.js request; the test stands in for those two framework modules (the session cookie and the
// project cookie of the request). The database, better-auth's session lookup and the actions themselves are real.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextResponse } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { failureIssue, issueActivity } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import type { Role } from "@/lib/auth/roles";
import { REFUSALS } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/route";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject } from "../helpers/db";
import { failingJob } from "../helpers/failures";
import {
  callRoute,
  type DiscoveredRoute,
  discoverRoutes,
  importFromRoot,
  serverActionFiles,
} from "../helpers/routes";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

const request = vi.hoisted(() => ({ cookie: "", jar: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ cookie: request.cookie, "user-agent": "role-matrix" }),
  cookies: async () => ({
    get: (name: string) => (request.jar.has(name) ? { name, value: request.jar.get(name) } : undefined),
    set: (name: string, value: string) => void request.jar.set(name, value),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

type Level = "read" | "triage" | "admin";
const ROLES: Role[] = ["owner", "admin", "member", "viewer"];
/** lib/auth/roles.ts, written out: who may do what. */
const ALLOWED: Record<Level, Role[]> = {
  read: ["owner", "admin", "member", "viewer"],
  triage: ["owner", "admin", "member"],
  admin: ["owner", "admin"],
};

let handle: DbHandle;
let project: { id: string; slug: string; name: string };
let issueId: string;
let accessTarget: string;
const cookies = new Map<Role, string>();
const UUID = () => randomUUID();

beforeAll(async () => {
  handle = await getDbHandle();
  project = await createTestProject(handle);
  await ingestBatch({
    db: handle.db,
    projectId: project.id,
    apiKeyId: null,
    rawEvents: failingJob("Error: role matrix probe failed", 5),
  });
  const [issue] = await handle.db
    .select({ id: failureIssue.id })
    .from(failureIssue)
    .where(eq(failureIssue.projectId, project.id));
  issueId = issue?.id ?? "";
  for (const role of ROLES) cookies.set(role, await signIn(await createUser(handle.db, role)));
  accessTarget = (await createUser(handle.db, "viewer")).id;
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

/** An action's own refusal (bad input, nothing to act on), not a role refusal. */
const notTheRoleRefusal = { ok: false, error: expect.not.stringMatching(/^(Only an admin|Viewers can't)/) };

/** Every server action: its level, arguments, and the result an allowed role gets (worked out by hand). */
const ACTIONS: Record<string, { level: Level; args: () => unknown[]; allowed: unknown }> = {
  switchProjectAction: { level: "read", args: () => [project.slug], allowed: { ok: true } },
  rewriteAsProseAction: {
    level: "read",
    args: () => [{ date: "2026-01-01", agent: null }],
    // no FLEETWATCH_LLM_URL in tests: the action's own answer, not a refusal
    allowed: { ok: false, error: expect.stringContaining("No language model is configured") },
  },
  createProjectAction: {
    level: "admin",
    args: () => [{ slug: `m-${UUID().slice(0, 12)}` }],
    allowed: { ok: true, slug: expect.stringMatching(/^m-/) },
  },
  // the matrix's own project, renamed to the name it has: nothing to change
  renameProjectAction: {
    level: "admin",
    args: () => [{ slug: project.slug, name: project.name }],
    allowed: { ok: true },
  },
  // a confirmation that is not the slug: the form's refusal, and the project stays
  deleteProjectAction: {
    level: "admin",
    args: () => [{ slug: project.slug, confirm: "not the slug" }],
    allowed: { ok: false, error: expect.stringMatching(/^Type the project's slug, t-[\w-]+, to confirm\.$/) },
  },
  saveThresholdsAction: {
    level: "admin",
    args: () => [{ timezone: "UTC", stall_after_seconds: 900, offline_after_seconds: 1800 }],
    allowed: { ok: true },
  },
  createKeyAction: {
    level: "admin",
    args: () => [{ name: "matrix key", scopes: ["read"] }],
    allowed: expect.objectContaining({ ok: true, projectSlug: expect.any(String) }),
  },
  // no such key in the project: nothing revoked
  revokeKeyAction: { level: "admin", args: () => [UUID()], allowed: { ok: false } },
  // an empty price: the form's validation message
  savePriceAction: { level: "admin", args: () => [{}], allowed: { ok: false, error: expect.any(String) } },
  deletePriceAction: {
    level: "admin",
    args: () => [UUID()],
    allowed: { ok: false, error: "That price no longer exists (deleted meanwhile?); the list is reloaded." },
  },
  repriceHistoryAction: {
    level: "admin",
    args: () => [{ from: "not a day" }],
    allowed: { ok: false, error: "from: Pick the date to re-price from (YYYY-MM-DD)" },
  },
  createBudgetAction: {
    level: "triage",
    args: () => [{ scope: "project", period: "daily", amountUsd: 5 }],
    allowed: { ok: true, id: expect.any(String) },
  },
  deleteBudgetAction: {
    level: "triage",
    args: () => [UUID()],
    allowed: { ok: false, error: "That budget no longer exists (deleted meanwhile?); the list is reloaded." },
  },
  saveScheduleAction: { level: "admin", args: () => [{ standupTime: null }], allowed: { ok: true } },
  createWebhookAction: {
    level: "admin",
    args: () => [{ name: "matrix", url: "not a url" }],
    allowed: { ok: false, error: "Enter an http(s) URL" },
  },
  setWebhookEnabledAction: {
    level: "admin",
    args: () => [UUID(), false],
    allowed: { ok: false, error: "No such webhook." },
  },
  deleteWebhookAction: {
    level: "admin",
    args: () => [UUID()],
    allowed: { ok: false, error: "No such webhook." },
  },
  sendTestAction: { level: "admin", args: () => [UUID()], allowed: { ok: false, error: "No such webhook." } },
  createDestinationAction: {
    level: "admin",
    args: () => [{ name: "matrix", kind: "email", config: { to: ["not an address"] } }],
    allowed: { ok: false, error: expect.any(String) },
  },
  setDestinationEnabledAction: {
    level: "admin",
    args: () => [UUID(), false],
    allowed: { ok: false, error: "No such destination." },
  },
  deleteDestinationAction: {
    level: "admin",
    args: () => [UUID()],
    allowed: { ok: false, error: "No such destination." },
  },
  sendTestDestinationAction: {
    level: "admin",
    args: () => [UUID()],
    allowed: { ok: false, error: "No such destination." },
  },
  // an issuer that is not a URL: the form's own message (nothing fetched, nothing saved)
  saveSsoSettingsAction: {
    level: "admin",
    args: () => [
      {
        issuer: "not a url",
        clientId: "x",
        label: "SSO",
        allowedDomains: "",
        defaultRole: "viewer",
        passwordSignIn: true,
      },
    ],
    allowed: { ok: false, error: expect.any(String) },
  },
  // Members (admin work): inputs that cannot succeed give each action's own refusal, never the role's
  inviteMemberAction: {
    level: "admin",
    args: () => [{ email: "not an email", role: "member" }],
    allowed: notTheRoleRefusal,
  },
  resetLinkAction: { level: "admin", args: () => [UUID()], allowed: notTheRoleRefusal },
  revokeInviteAction: { level: "admin", args: () => [UUID()], allowed: notTheRoleRefusal },
  changeRoleAction: { level: "admin", args: () => [UUID(), "member"], allowed: notTheRoleRefusal },
  setDeactivatedAction: { level: "admin", args: () => [UUID(), true], allowed: notTheRoleRefusal },
  removeMemberAction: { level: "admin", args: () => [UUID()], allowed: notTheRoleRefusal },
  signOutEverywhereAction: { level: "admin", args: () => [UUID()], allowed: notTheRoleRefusal },
  // one's own profile: every role (a name that is too long is refused by its validation)
  renameAction: { level: "read", args: () => ["x".repeat(1000)], allowed: notTheRoleRefusal },
  changePasswordAction: { level: "read", args: () => ["wrong current", "short"], allowed: notTheRoleRefusal },
  revokeSessionAction: {
    level: "read",
    args: () => [UUID()],
    allowed: expect.objectContaining({ ok: expect.any(Boolean) }),
  },
  // the link's token is the authority, not the session: a made-up token is refused for everyone alike
  acceptInviteAction: {
    level: "read",
    args: () => ["not-a-token", { name: "X", password: "password-long-1" }],
    allowed: notTheRoleRefusal,
  },
  resetPasswordAction: {
    level: "read",
    args: () => ["not-a-token", "password-long-1"],
    allowed: notTheRoleRefusal,
  },
  // a signed ack/resolve link carries its own authority: a forged token is refused for everyone alike
  confirmIncidentLink: {
    level: "read",
    args: () => [
      null,
      (() => {
        const f = new FormData();
        f.set("token", "forged");
        return f;
      })(),
    ],
    allowed: notTheRoleRefusal,
  },
  saveProjectAccessAction: {
    level: "admin",
    args: () => [{ userId: accessTarget, allProjects: false, projectIds: [project.id] }],
    allowed: { ok: true },
  },
};

describe("server actions x roles", () => {
  let actions: { name: string; fn: (...args: unknown[]) => Promise<unknown> }[];
  beforeAll(async () => {
    actions = [];
    for (const file of serverActionFiles(["app", "components", "lib"])) {
      const mod = await importFromRoot(file);
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value === "function")
          actions.push({ name, fn: value as (...a: unknown[]) => Promise<unknown> });
      }
    }
  });

  it("has an entry for every server action on disk", () => {
    expect(actions.map((a) => a.name).sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  it("gives allowed roles the action's own answer and refuses the others with the role's message", async () => {
    const answers: string[] = [];
    const expected: string[] = [];
    for (const { name, fn } of actions) {
      const entry = ACTIONS[name];
      if (!entry) continue;
      for (const role of ROLES) {
        request.cookie = cookies.get(role) ?? "";
        request.jar = new Map([["fw_project", project.slug]]);
        const result = await fn(...entry.args());
        const want = ALLOWED[entry.level].includes(role)
          ? entry.allowed
          : { ok: false, error: REFUSALS[entry.level] };
        const matches = (() => {
          try {
            expect(result).toEqual(want);
            return true;
          } catch {
            return false;
          }
        })();
        answers.push(`${name} ${role}: ${matches ? "as expected" : JSON.stringify(result)}`);
        expected.push(`${name} ${role}: as expected`);
      }
    }
    expect(answers).toEqual(expected);
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
