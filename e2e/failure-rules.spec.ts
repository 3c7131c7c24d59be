// Classification rules: add a rule, test it against recent failures, apply it to the history and watch the
// progress, then see the failures carry the new class.
import { failingJob, postEvents as post } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";

const failing = (message: string, minutesAgo: number) => failingJob("indexer-1", message, minutesAgo);

test.use({ storageState: ADMIN_STATE });

// Killed-by-the-kernel style failure (built-in: infra), worded so that no other test's failure matches.
const KILLED = (mb: number) => `Killed (exit code 137): zebra-indexer exhausted its ${mb} MB memory limit`;

test("classification rules: add, test, apply to history", async ({ page, request, settingsPage }) => {
  const key = await settingsPage.createIngestKey("rules");
  await post(request, key, [...failing(KILLED(512), 30), ...failing(KILLED(2048), 20)]);

  await page.goto("/failures");
  const row = page.getByTestId("issue-row").filter({ hasText: "zebra-indexer" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("infra");

  await page.getByTestId("rules-link").click();
  await expect(page).toHaveURL(/\/failures\/rules$/);
  await expect(page.getByTestId("builtin-row").first()).toBeVisible();

  await page.getByTestId("rule-name").fill("zebra indexer crashes");
  await page.getByTestId("rule-class").selectOption("harness_crash");
  await page.getByTestId("rule-pattern").fill("zebra-indexer exhausted");
  await page.getByTestId("rule-test").click();
  await expect(page.getByTestId("rule-preview")).toContainText(
    /This rule would reclassify 2 of the last \d+ failures/,
  );
  await expect(page.getByTestId("preview-sample")).toHaveCount(2);
  await expect(page.getByTestId("preview-sample").first()).toContainText("infra → harness_crash");

  await page.getByTestId("rule-save").click();
  const ruleRow = page.getByTestId("rule-row").filter({ hasText: "zebra indexer crashes" });
  await expect(ruleRow).toContainText("harness_crash");

  await page.getByTestId("apply-rules").click();
  await expect(page.getByTestId("apply-progress")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("apply-progress")).toContainText("Done:");
  await shot(page, "16-classification-rules");

  await page.goto("/failures");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("harness_crash");

  // a new failure of that kind is classified by the rule on ingest
  await post(request, key, failing(KILLED(4096), 5));
  await page.reload();
  await expect(row).toContainText("harness_crash");

  // leave no rule behind for the other tests
  await page.goto("/failures/rules");
  await ruleRow.getByTestId("rule-delete").click();
  await expect(ruleRow).toHaveCount(0);
});
