// Classification rules: add a rule, test it against recent failures, apply it to the history and watch the
// progress, then see the failures carry the new class.
import type { APIRequestContext, Page } from "@playwright/test";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

let n = 0;
function failing(message: string, minutesAgo: number) {
  n += 1;
  const job = `rules-${Date.now()}-${n}`;
  const t = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  return [
    {
      id: `${job}-s`,
      type: "job.started",
      time: t(minutesAgo + 2),
      job,
      agent: "indexer-1",
      data: { title: `Index ${n}`, harness: "codex", model: "gpt-5-codex" },
    },
    { id: `${job}-f`, type: "job.failed", time: t(minutesAgo), job, data: { error: { message } } },
  ];
}
// Killed-by-the-kernel style failure (built-in: infra), worded so that no other test's failure matches.
const KILLED = (mb: number) => `Killed (exit code 137): zebra-indexer exhausted its ${mb} MB memory limit`;

async function ingestKey(page: Page) {
  await page.goto("/settings");
  await page.getByTestId("key-name").fill(`rules ${Date.now()}`);
  await page.getByTestId("create-key").click();
  return ((await page.getByTestId("created-key").textContent()) ?? "").trim();
}

async function post(request: APIRequestContext, key: string, events: object[]) {
  const res = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${key}` },
    data: { events },
  });
  expect(res.status()).toBe(200);
}

test("classification rules: add, test, apply to history", async ({ page, request }) => {
  const key = await ingestKey(page);
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
