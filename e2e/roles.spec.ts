// Roles in the browser: a viewer sees an issue without any triage control and the server refuses a triage
// POST sent with the viewer's own cookie; an admin limits a viewer to one project and the viewer's project
// menu then lists only that one.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { failingJob, postEvents } from "./events";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { createUser, signedIn, withDb } from "./members";

test.use({ storageState: ADMIN_STATE });

const SHOTS = "/work/notes/shots/roles";
async function shots(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Signs `page`'s browser in as `user` instead of the admin (the same context, so its console is watched). */
async function become(page: Page, baseURL: string, user: { email: string; password: string }) {
  const api = await signedIn(baseURL, user);
  const { cookies } = await api.storageState();
  await page.context().clearCookies();
  await page.context().addCookies(cookies);
  return api;
}

test("a viewer sees no triage controls on an issue, and the server refuses the viewer's triage POST", async ({
  page,
  request,
  settingsPage,
  baseURL,
}) => {
  const key = await settingsPage.createIngestKey("roles");
  await postEvents(request, key, failingJob("viewer-probe", "Error: viewer probe broke the build step", 20));
  const issueId = await withDb(async (sql) => {
    const rows = await sql`select id from failure_issue where sample_message like '%viewer probe%' limit 1`;
    return String(rows[0]?.id);
  });

  // the admin sees the controls (the same page, so the viewer's absence of them means something)
  await page.goto(`/failures/${issueId}`);
  await expect(page.getByTestId("triage-actions")).toBeVisible();
  await expect(page.getByTestId("add-note")).toBeVisible();

  const viewer = await createUser("viewer");
  const api = await become(page, baseURL ?? "", viewer);
  await page.goto(`/failures/${issueId}`);
  await expect(page.getByTestId("issue-title")).toContainText("viewer probe");
  await expect(page.getByTestId("read-only")).toHaveText(
    "Read only: viewers can't triage. Ask an admin for the member role.",
  );
  await expect(page.getByTestId("triage-actions")).toHaveCount(0);
  await expect(page.getByTestId("resolve")).toHaveCount(0);
  await expect(page.getByTestId("assign")).toHaveCount(0);
  await expect(page.getByTestId("note-text")).toHaveCount(0);
  await shots(page, "issue-viewer");

  // the list: no selection boxes, so no bulk bar
  await page.goto("/failures?range=all");
  await expect(page.getByTestId("issue-row").first()).toBeVisible();
  await expect(page.getByTestId("issue-select")).toHaveCount(0);
  await shots(page, "failures-viewer");

  // the queue pages through issues without triage buttons; rules are shown, not edited; no import
  await page.goto("/failures/queue");
  await expect(page.getByTestId("queue-title")).toBeVisible();
  await expect(page.getByTestId("queue-resolve")).toHaveCount(0);
  await expect(page.getByTestId("queue-position")).toContainText("read only");
  await shots(page, "queue-viewer");
  await page.goto("/failures/rules");
  await expect(page.getByTestId("apply-progress")).toBeVisible();
  await expect(page.getByTestId("rule-form")).toHaveCount(0);
  await expect(page.getByTestId("apply-rules")).toHaveCount(0);
  await page.goto("/jobs");
  await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Import session files" })).toHaveCount(0);

  // a crafted request with the viewer's cookie, from the console's own origin: refused, nothing changed
  const res = await api.post(`/api/v1/issues/${issueId}/triage`, {
    data: { action: "resolve" },
    headers: { origin: new URL(baseURL ?? "").origin },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toBe("Viewers can't triage. Ask an admin for the member role.");
  const state = await withDb(
    async (sql) => (await sql`select state from failure_issue where id = ${issueId}`)[0],
  );
  expect(state?.state).not.toBe("resolved");
  await api.dispose();
});

test.describe("project access", () => {
  // the viewer's visit to the admin-only access page is a 404 document, which Chromium logs
  test.use({ expectedConsoleErrors: /status of 404/ });

  test("an admin limits a viewer to one project; the viewer's project menu lists only it", async ({
    page,
    baseURL,
  }) => {
    const viewer = await createUser("viewer");
    const other = `roles-${Date.now().toString(36)}`;
    await withDb((sql) => sql`insert into project (slug, name) values (${other}, ${"Roles other"})`);

    await page.goto(`/settings/members/${viewer.id}/access`);
    await expect(page.getByTestId("access-all")).toBeChecked();
    await page.getByTestId("access-some").check();
    await page.getByTestId("access-project-default").check();
    await page.getByTestId("access-save").click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await expect(page.getByTestId("access-save")).toBeEnabled();
    await shots(page, "access-admin");

    const api = await become(page, baseURL ?? "", viewer);
    await page.goto("/failures");
    const options = await page.getByTestId("project-switcher").locator("option").allTextContents();
    expect(options).toEqual(["Default"]);
    // the other project's read API answers like a project that does not exist
    const res = await api.get(`/api/v1/issues?project=${other}`);
    expect(res.status()).toBe(404);
    // and the access page is the admin's only
    await page.goto(`/settings/members/${viewer.id}/access`);
    await expect(page.getByTestId("access-form")).toHaveCount(0);
    await api.dispose();
  });
});

test("an account limited to no project is asked to get access", async ({ page, baseURL }) => {
  const member = await createUser("member");
  await withDb((sql) => sql`update "user" set all_projects = false where id = ${member.id}`);
  const api = await become(page, baseURL ?? "", member);
  await page.goto("/");
  await expect(page).toHaveURL(/\/no-projects$/);
  await expect(page.getByTestId("no-projects")).toContainText("Ask an admin to grant you one.");
  await shots(page, "no-projects");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
  await api.dispose();
});
