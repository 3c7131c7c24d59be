// The role matrix of the server actions: every server action, driven with a real session of each role (owner,
// admin, member, viewer). Actions are found on disk, so one added later without an entry in the table below
// fails this test until someone decides who may use it. API routes: role-matrix-routes.test.ts.
//
// Server actions read the request through next/headers and revalidate through next/cache, which only exist
// inside a Next.js request; the test stands in for those two framework modules (the session cookie and the
// project cookie of the request). The database, better-auth's session lookup and the actions themselves are real.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { REFUSALS } from "@/lib/auth/session";
import { ALLOWED, type Level, ROLES, type RoleMatrix, setupRoleMatrix } from "../helpers/role-matrix";
import { importFromRoot, serverActionFiles } from "../helpers/routes";

const request = vi.hoisted(() => ({ cookie: "", jar: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ cookie: request.cookie, "user-agent": "role-matrix" }),
  cookies: async () => ({
    get: (name: string) => (request.jar.has(name) ? { name, value: request.jar.get(name) } : undefined),
    set: (name: string, value: string) => void request.jar.set(name, value),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

let project: RoleMatrix["project"];
let accessTarget: string;
let cookies: RoleMatrix["cookies"];
const UUID = () => randomUUID();

beforeAll(async () => {
  ({ project, accessTarget, cookies } = await setupRoleMatrix());
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
  // the defaults again (90 and 400 days): allowed for admins, refused below
  saveRetentionAction: {
    level: "admin",
    args: () => [{ raw_retention_days: 90, job_retention_days: 400 }],
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
  // a cron croner refuses: the form's message (the schedule itself is tested in schedules-settings.test.ts)
  createScheduleAction: {
    level: "triage",
    args: () => [{ name: "matrix", cron: "61 * * * *", timezone: "UTC" }],
    allowed: { ok: false, error: expect.stringMatching(/^Not a cron expression croner accepts: /) },
  },
  updateScheduleAction: {
    level: "triage",
    args: () => [UUID(), { name: "matrix", cron: "0 3 * * *", timezone: "UTC" }],
    allowed: { ok: false, error: "This schedule no longer exists." },
  },
  deleteScheduleAction: {
    level: "triage",
    args: () => [UUID()],
    allowed: { ok: false, error: "This schedule no longer exists." },
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
