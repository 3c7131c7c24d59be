// A member (not an admin) calls every admin-only server action directly, as a crafted request can even though
// the member's pages hide the forms: each answers with the refusal the forms show, never a 500, and changes
// nothing. The actions are read from the build's manifest, so a new one is covered (or must be listed here as
// open to members).
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { createUser, signedIn, withDb } from "./members";
import { callAction } from "./server-actions";

/** Actions any signed-in user may call, budgets (member work, lib/auth/roles.ts), one's own profile, and the invite
 * and reset links (their token is the authority). */
const OPEN_TO_MEMBERS = [
  "switchProjectAction",
  "rewriteAsProseAction",
  "createBudgetAction",
  "deleteBudgetAction",
  // schedules are triage work like alert rules (lib/schedules/actions.ts)
  "createScheduleAction",
  "updateScheduleAction",
  "deleteScheduleAction",
  "renameAction",
  "changePasswordAction",
  "revokeSessionAction",
  "acceptInviteAction",
  "resetPasswordAction",
  // the confirm button of a signed incident link (the token is the authority)
  "confirmIncidentLink",
];
const UUID = "00000000-0000-4000-8000-000000000000";
/** Real arguments where they make the attack concrete; the others get a well-formed id or nothing. */
const ARGS: Record<string, unknown[]> = {
  createKeyAction: [{ name: "member key", scopes: ["ingest", "read"] }],
  createProjectAction: [{ slug: "member-made" }],
  renameProjectAction: [{ slug: "default", name: "Member was here" }],
  deleteProjectAction: [{ slug: "default", confirm: "default" }],
  saveThresholdsAction: [{ timezone: "Asia/Tokyo", stall_after_seconds: 120, offline_after_seconds: 240 }],
  saveRetentionAction: [{ raw_retention_days: 1, job_retention_days: 1 }],
  repriceHistoryAction: [{ from: "2026-01-01" }],
  setWebhookEnabledAction: [UUID, false],
  saveProjectAccessAction: [{ userId: UUID, allProjects: true, projectIds: [] }],
  // a member tries to point sign-in at their own IdP and switch passwords off
  saveSsoSettingsAction: [
    {
      issuer: "https://idp.attacker.example",
      clientId: "x",
      clientSecret: "y",
      label: "Evil",
      allowedDomains: "attacker.example",
      defaultRole: "member",
      passwordSignIn: false,
    },
  ],
};

function adminActions() {
  const dist = path.resolve(import.meta.dirname, "..", process.env.NEXT_DIST_DIR ?? ".next");
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dist, "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename: string; exportedName: string }> };
  return Object.values(manifest.node).filter((a) => !OPEN_TO_MEMBERS.includes(a.exportedName));
}

test("every admin-only server action answers a member with a refusal, not a 500", async ({ baseURL }) => {
  const actions = adminActions();
  // keys 2, projects 3 (create, rename, delete), thresholds 1, prices 3, standup schedule and webhooks 5, project
  // access 1, single sign-on 1, alert destinations 4, members 7 = 27
  expect(actions.length).toBe(28);
  const member = await signedIn(baseURL ?? "", await createUser("member"));
  const answers: string[] = [];
  for (const { filename, exportedName } of actions) {
    const res = await callAction(member, filename, exportedName, ARGS[exportedName] ?? [UUID]);
    const refused = res.status === 200 && res.text.includes("Only an admin can do this.");
    answers.push(`${exportedName}: ${refused ? "refused" : `${res.status} ${res.text.slice(0, 120)}`}`);
  }
  expect(answers.filter((a) => !a.endsWith(": refused"))).toEqual([]);
  await member.dispose();

  const effects = await withDb(async (sql) => ({
    keys: (await sql`select count(*)::int as n from api_key where name = 'member key'`)[0]?.n,
    projects: (await sql`select count(*)::int as n from project where slug = 'member-made'`)[0]?.n,
    zone: (await sql`select timezone from project where slug = 'default'`)[0]?.timezone,
    retention: (await sql`select raw_retention_days as n from project where slug = 'default'`)[0]?.n,
    // the default project is still live and keeps its name
    project: (await sql`select name, deleted_at from project where slug = 'default'`)[0],
    sso: (await sql`select count(*)::int as n from instance_setting where value like '%attacker.example%'`)[0]
      ?.n,
  }));
  expect(effects).toEqual({
    keys: 0,
    projects: 0,
    zone: expect.not.stringMatching("Asia/Tokyo"),
    retention: 90,
    project: { name: "Default", deleted_at: null },
    sso: 0,
  });
});
