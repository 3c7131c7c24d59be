// Issue 14, points 1 and 5: an admin builds the team from Settings > Members. Each invitee signs up through the
// link the admin copied from the page, in a browser of their own, and lands in the console signed in; a
// deactivated member is sent to sign-in on their next navigation.
import { failingJob, postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { createUser, withDb } from "./members";
import { AuditPage } from "./pages/audit";
import { LoginPage } from "./pages/login";
import { acceptInvite, freshContext, MembersPage } from "./pages/members";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

test("the admin invites a member and a viewer; both join through the copied links; the member triages, the viewer cannot, the audit log shows it; deactivation signs the member out", async ({
  page,
  context,
  browser,
  request,
  settingsPage,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  page.on("dialog", (dialog) => void dialog.accept());
  const stamp = Date.now().toString(36);
  const people = [
    {
      role: "member" as const,
      name: "Mia Member",
      email: `mia-${stamp}@fleet.test`,
      password: "mia password 1",
    },
    {
      role: "viewer" as const,
      name: "Vic Viewer",
      email: `vic-${stamp}@fleet.test`,
      password: "vic password 1",
    },
  ];
  const members = new MembersPage(page);
  await members.open();
  const links: string[] = [];
  for (const person of people) {
    links.push(await members.invite(person.email, person.role));
    // No SMTP server is configured for the e2e console: the page says so and the link is the way.
    await expect(page.getByTestId("mail-status")).toHaveText(/Mail is not configured: copy the link/);
    if (person.role === "member") await shot(page, "members-invite-created");
    await page.getByTestId("link-done").click();
  }
  await expect(page.getByTestId("invite-row")).toHaveCount(2);
  await shot(page, "members-pending");

  const browsers = [];
  for (const [i, person] of people.entries()) {
    const own = await freshContext(browser);
    const invitee = await own.newPage();
    await acceptInvite(invitee, links[i] ?? "", person.name, person.password);
    await expect(invitee).toHaveURL(/\/$/);
    await expect(invitee.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(invitee.getByTestId("user-name")).toHaveText(person.name);
    browsers.push({ own, invitee });
  }
  // A link works once: opened again, it says so instead of showing the form.
  const [mia] = browsers;
  if (!mia) throw new Error("no member browser");
  await mia.invitee.goto(links[0] ?? "");
  await expect(mia.invitee.getByTestId("link-problem")).toContainText("already used");
  await mia.invitee.goto("/jobs");
  await expect(mia.invitee.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();

  await members.open();
  await expect(page.getByTestId("invite-row")).toHaveCount(0);
  for (const person of people) {
    const row = members.row(person.email);
    await expect(row).toContainText(person.name);
    await expect(row.getByTestId("member-role")).toHaveValue(person.role);
    await expect(row).toContainText("password");
    await expect(row.getByTestId("member-status")).toHaveText("active");
  }
  await shot(page, "members-table");

  // The member triages an issue; the viewer sees it without controls, and the API refuses the viewer.
  const probe = `team probe ${stamp}`;
  await postEvents(
    request,
    await settingsPage.createIngestKey("team"),
    failingJob("team-agent", `Error: ${probe}`, 5),
  );
  const issueId = await withDb(async (sql) => {
    const rows = await sql`select id from failure_issue where sample_message like ${`%${probe}%`} limit 1`;
    return String(rows[0]?.id);
  });
  await mia.invitee.goto(`/failures/${issueId}`);
  await mia.invitee.getByTestId("resolve").click();
  await expect(mia.invitee.getByTestId("issue-state")).toHaveText("resolved");
  const vic = browsers[1];
  if (!vic) throw new Error("no viewer browser");
  await vic.invitee.goto(`/failures/${issueId}`);
  await expect(vic.invitee.getByTestId("issue-state")).toHaveText("resolved");
  await expect(vic.invitee.getByTestId("read-only")).toBeVisible();
  await expect(vic.invitee.getByTestId("triage-actions")).toHaveCount(0);
  const refused = await vic.invitee.request.post(`/api/v1/issues/${issueId}/triage`, {
    data: { action: "reopen" },
    headers: { origin: new URL(baseURL ?? "").origin },
  });
  expect(refused.status()).toBe(403);
  // The admin reads the team's actions in the audit log: both joins, and the member's resolve (the viewer's
  // refused attempt changed nothing, so it left no entry).
  const audit = new AuditPage(page);
  await audit.goto();
  await audit.filterByAction("issue.");
  await expect(audit.rows("issue.resolve").filter({ hasText: people[0]?.email ?? "" })).toHaveCount(1);
  await expect(audit.rows("issue.reopen")).toHaveCount(0);
  await audit.filterByAction("member.join");
  for (const person of people)
    await expect(audit.rows("member.join").filter({ hasText: person.email })).toHaveCount(1);
  await shot(page, "audit-team");

  await members.open();
  await members.act(people[0]?.email ?? "", "deactivate");
  await expect(members.row(people[0]?.email ?? "").getByTestId("member-status")).toHaveText("deactivated");
  await mia.invitee.goto("/failures");
  await expect(mia.invitee).toHaveURL(/\/login/);
  await expect(mia.invitee.getByRole("heading", { name: "Sign in" })).toBeVisible();
  // The viewer is untouched.
  await vic.invitee.goto("/jobs");
  await expect(vic.invitee.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  // The viewer changes their own password on Profile: a wrong current password is refused; the right one
  // works, and the viewer's browser stays signed in (better-auth gave it the one new session).
  await vic.invitee.goto("/settings/profile");
  await vic.invitee.getByTestId("pw-current").fill("not my password");
  await vic.invitee.getByTestId("pw-next").fill("vic password 2");
  await vic.invitee.getByTestId("pw-confirm").fill("vic password 2");
  await vic.invitee.getByTestId("pw-save").click();
  await expect(vic.invitee.getByTestId("pw-message")).toHaveText("The current password is not right.");
  await vic.invitee.getByTestId("pw-current").fill(people[1]?.password ?? "");
  await vic.invitee.getByTestId("pw-save").click();
  await expect(vic.invitee.getByTestId("pw-message")).toContainText("Password changed.");
  await vic.invitee.goto("/jobs");
  await expect(vic.invitee.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  for (const b of browsers) await b.own.close();
});

test("screens: members, profile and the invite page at desktop and phone sizes", async ({
  page,
  context,
  browser,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const members = new MembersPage(page);
  await members.open();
  const link = await members.invite(`screens-${Date.now().toString(36)}@fleet.test`, "viewer");
  await page.getByTestId("link-done").click();
  const invitee = await (await freshContext(browser)).newPage();
  for (const [label, size] of [
    ["desktop", { width: 1440, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await members.open();
    await shot(page, `members-${label}`);
    await page.goto("/settings/profile");
    await expect(page.getByTestId("session-row").first()).toBeVisible();
    await expect(page.getByText("this session")).toBeVisible();
    await shot(page, `profile-${label}`);
    await invitee.setViewportSize(size);
    await invitee.goto(link);
    await expect(invitee.getByRole("heading", { name: "Join Fleetwatch" })).toBeVisible();
    await shot(invitee, `invite-${label}`);
  }
  await invitee.goto("/invite/not-a-real-token");
  await expect(invitee.getByTestId("link-problem")).toContainText("not valid");
  await shot(invitee, "invite-invalid-phone");
  await invitee.context().close();
});

test("profile: guesses of the current password count against the account's sign-in limit", async ({
  browser,
}) => {
  const viewer = await createUser("viewer");
  const own = await freshContext(browser);
  const page = await own.newPage();
  await new LoginPage(page).login(viewer.email, viewer.password);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/settings/profile");
  await page.getByTestId("pw-next").fill("a new password");
  await page.getByTestId("pw-confirm").fill("a new password");
  // 10 failures per account per 15 minutes (lib/auth/throttle): guesses 1-10 are checked, the 11th is refused.
  for (let guess = 1; guess <= 11; guess++) {
    await page.getByTestId("pw-current").fill(`guess number ${guess}`);
    await page.getByTestId("pw-save").click();
    // The form clears its message on submit, so each answer is a fresh one.
    await expect(page.getByTestId("pw-message")).toHaveText(
      guess <= 10 ? "The current password is not right." : /^Too many failed sign-ins for this account/,
    );
  }
  await own.close();
});
