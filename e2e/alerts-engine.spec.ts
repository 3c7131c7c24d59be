// The alert UI against the engine's routes (POST /api/v1/incidents/{id}/ack|resolve and
// POST /api/v1/alert-rules/test), which another branch adds: this spec passes once both are merged.
import { randomUUID } from "node:crypto";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { withDb } from "./members";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

test("acknowledge then resolve an incident from its page; the timeline records both", async ({ page }) => {
  const slug = `alerts-ack-${randomUUID().slice(0, 6)}`;
  await freshProject(page, slug);
  const id = await withDb(async (sql) => {
    const [p] = await sql<{ id: string }[]>`select id from project where slug = ${slug}`;
    const [rule] = await sql<
      { id: string }[]
    >`insert into alert_rule (project_id, name, kind, resolve_after_seconds)
      values (${p?.id ?? ""}, 'Job stalled', 'job_stalled', 86400) returning id`; // the e2e evaluator ticks: a day before it resolves
    const [row] = await sql<
      { id: string }[]
    >`insert into incident (project_id, rule_id, group_key, severity, title)
      values (${p?.id ?? ""}, ${rule?.id ?? ""}, 'job:j1', 'error', 'j1 is stalled') returning id`;
    return row?.id ?? "";
  });
  await page.goto(`/alerts/${id}`);
  await page.getByTestId("incident-ack").click();
  await expect(page.getByTestId("incident-status")).toHaveText("acknowledged");
  await expect(page.getByTestId("incident-ack")).toHaveCount(0);
  await page.getByTestId("incident-resolve").click();
  await expect(page.getByTestId("incident-status")).toHaveText("resolved");
  await expect(page.getByTestId("incident-resolve")).toHaveCount(0);
  await expect(page.getByTestId("incident-timeline")).toContainText("Acknowledged");
  await expect(page.getByTestId("incident-timeline")).toContainText("Resolved");
});

test("the rule editor's backtest says how many incidents the rule would have opened", async ({ page }) => {
  await freshProject(page, `alerts-test-${randomUUID().slice(0, 6)}`);
  await page.goto("/settings/alerts?rule=new");
  await page.getByTestId("rule-name").fill("Any new issue");
  await page.getByTestId("rule-kind").selectOption("issue_new");
  await page.getByTestId("rule-test").click();
  // a fresh project has no history: nothing would have fired
  await expect(page.getByTestId("rule-test-count")).toHaveText("It would not have fired in the last 7 days.");
});
