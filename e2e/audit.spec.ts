// The audit log: an admin resolves an issue and changes a price, then finds both in Settings > Audit log,
// narrows it to one kind of action, and downloads the filtered CSV.
import fs from "node:fs";
import { failingJob, postEvents } from "./events";
import { ADMIN, ADMIN_STATE, expect, shot, test } from "./fixtures";
import { AuditPage } from "./pages/audit";
import { PricesPage } from "./pages/costs";

test.use({ storageState: ADMIN_STATE });

const SHOTS = "/work/notes/shots/audit";

test("an admin reads a resolve and a price change in the audit log, filters it and downloads the CSV", async ({
  page,
  request,
  settingsPage,
}) => {
  const stamp = Date.now();
  const message = `Audit e2e: database connection refused (${stamp})`;
  const key = await settingsPage.createIngestKey("audit");
  await postEvents(request, key, failingJob("auditor", message, 5));

  // resolve the issue
  await page.goto("/failures?range=all");
  await page.getByTestId("issue-row").filter({ hasText: message }).getByTestId("issue-link").click();
  await page.getByTestId("resolve").click();
  await expect(page.getByTestId("issue-state")).toHaveText("resolved");

  // add a model's price, then change its input price from $1 to $2.5
  const model = `audit-model-${stamp}`;
  const prices = new PricesPage(page);
  await prices.goto();
  await prices.addModel({ provider: "acme", model, from: "2020-01-01", input: 1, output: 2 });
  await page.getByTestId("prices-filter").fill(model);
  await prices.rows(model).first().getByTestId("price-edit").click();
  await prices.fill({ from: "2020-01-01", input: 2.5, output: 2 });
  await expect(prices.rows(model).first().getByTestId("price-input")).toContainText("2.5");

  // both in the audit log, with the admin as the actor and the changed fields
  const audit = new AuditPage(page);
  await page.goto("/settings");
  await page.getByTestId("settings-tab-audit").click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const resolved = audit.rows("issue.resolve").first();
  await expect(resolved).toContainText(ADMIN.email);
  await expect(resolved.getByTestId("audit-changes")).toContainText("state");
  await expect(resolved.getByTestId("audit-changes")).toContainText("resolved");
  const priced = audit.rows("price.update").filter({ hasText: model });
  await expect(priced).toHaveCount(1);
  await expect(priced.getByTestId("audit-changes")).toHaveText(/input\s*1\s*→\s*2\.5/);
  // the actor's address and browser on expand
  await priced.getByTestId("audit-actor").click();
  await expect(page.getByTestId("audit-details")).toContainText("User agent");
  await expect(page.getByTestId("audit-details")).toContainText("Mozilla");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/audit-1440.png`, fullPage: true });
  await shot(page, "60-audit-log");

  // only issue actions: the price change leaves the table
  await audit.filterByAction("issue.");
  await expect(audit.rows("issue.resolve").first()).toBeVisible();
  await expect(audit.rows("price.update")).toHaveCount(0);
  const actions = await audit.page.getByTestId("audit-action").allTextContents();
  expect(actions.every((a) => a.startsWith("issue."))).toBe(true);
  await page.screenshot({ path: `${SHOTS}/audit-filtered-1440.png`, fullPage: true });

  // the CSV holds the filtered set
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("audit-csv").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^fleetwatch-audit-\d{8}T\d{4}Z\.csv$/);
  const csv = fs.readFileSync((await download.path()) as string, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toMatch(/^at,actor_type,actor,actor_id,ip,user_agent,action,/);
  expect(lines.some((l) => l.includes("issue.resolve") && l.includes(ADMIN.email))).toBe(true);
  expect(lines.slice(1).every((l) => /,issue\.[a-z_]+,issue,/.test(l))).toBe(true);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/audit-filtered-390.png`, fullPage: true });
});
