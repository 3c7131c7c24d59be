// Triage: failures grouped into issues; filter, open, assign, resolve, see it regress, ignore from the keyboard.
import type { Page } from "@playwright/test";
import { failingJob, postEvents as post } from "./events";
import { ADMIN, ADMIN_STATE, expect, shot, test } from "./fixtures";

const failing = (message: string, minutesAgo: number) => failingJob("fixer-2", message, minutesAgo);

test.use({ storageState: ADMIN_STATE });

const RATE = (id: string) =>
  `Rate limit reached for gpt-5-codex in organization org-${id} on tokens per min (TPM): Limit 30000, Used 29876, Requested 1200. Please try again in 2.4s.`;
const OOM = "Killed (exit code 137): the container ran out of memory (OOMKilled)";

/** Types a custom range into the shared picker, in the browser's local time like a user would. */
async function customRange(page: Page, minutesAgo: [number, number]) {
  const [from, to] = await page.evaluate(
    (ms) =>
      ms.map((t) => {
        const d = new Date(t);
        return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      }),
    minutesAgo.map((m) => Date.now() - m * 60_000),
  );
  await page.getByTestId("range-custom").click();
  await page.getByTestId("range-from").fill(from as string);
  await page.getByTestId("range-to").fill(to as string);
  await page.getByTestId("range-apply").click();
  await expect(page.getByTestId("range-custom")).toHaveAttribute("aria-pressed", "true");
}

test("triage failures: filter, open, assign, resolve, regress, ignore", async ({
  page,
  request,
  settingsPage,
}) => {
  const key = await settingsPage.createIngestKey("triage");
  await post(request, key, [
    ...failing(RATE("K7pQ2mZx9LbT4wRa"), 50),
    ...failing(RATE("Hq81ZsW0nTe5cVbX"), 40),
    ...failing(OOM, 30),
  ]);

  await page.goto("/failures");
  const rateRow = page.getByTestId("issue-row").filter({ hasText: "Rate limit reached" });
  await expect(rateRow).toHaveCount(1); // two variants, one issue
  await expect(rateRow).toContainText("rate_limit");
  await expect(page.getByTestId("issue-row").filter({ hasText: "OOMKilled" })).toContainText("infra");
  await expect(page.getByTestId("failures-chart")).toBeVisible();
  await shot(page, "13-failures");

  // the shared range: a custom window around the second rate limit leaves the later OOM out; all time and
  // back to the last 24 hours bring it back
  const oomRow = page.getByTestId("issue-row").filter({ hasText: "OOMKilled" });
  await customRange(page, [45, 35]);
  await expect(page).toHaveURL(/range=custom&from=.+&to=/);
  await expect(oomRow).toHaveCount(0);
  await expect(rateRow).toHaveCount(1);
  await shot(page, "13b-failures-custom-range");
  await page.getByTestId("range-all").click();
  await expect(page).toHaveURL(/range=all/);
  await expect(oomRow).toHaveCount(1);
  await shot(page, "13c-failures-all-time");
  await page.getByTestId("range-24h").click();
  await expect(page).not.toHaveURL(/range=/);
  await expect(page.getByTestId("range-all")).toHaveAttribute("aria-pressed", "false");
  await expect(oomRow).toHaveCount(1);
  // a custom range without a start: said so (as Costs does), rather than a list for another range
  await page.goto("/failures?range=custom");
  await expect(page.getByTestId("range-error")).toContainText("needs a start");
  await page.goto("/failures");
  await expect(oomRow).toHaveCount(1);

  await page.getByTestId("filter-class").selectOption("rate_limit");
  await expect(page).toHaveURL(/class=rate_limit/);
  await expect(page.getByTestId("issue-row").filter({ hasText: "OOMKilled" })).toHaveCount(0);
  await expect(rateRow).toHaveCount(1);

  await rateRow.getByTestId("issue-link").click();
  await expect(page.getByTestId("issue-title")).toContainText("Rate limit reached");
  // "Assign to" lists the signed-in user first, as "Me (name)"
  await page.getByTestId("assign").selectOption({ label: `Me (${ADMIN.name})` });
  await expect(page.getByTestId("issue-history")).toContainText(`assigned it to ${ADMIN.name}`);
  await page.getByTestId("resolve").click();
  await expect(page.getByTestId("issue-state")).toHaveText("resolved");
  await page.getByTestId("note-text").fill("Asked OpenAI for a **higher** tier.");
  await page.getByTestId("add-note").click();
  await expect(page.getByTestId("issue-history").locator("strong")).toHaveText("higher");
  await shot(page, "14-issue-resolved");

  // the same error again: the issue regresses and comes back on top
  await post(request, key, failing(RATE("Xx93KdLq0PzR7mWn"), 0));
  await page.reload();
  await expect(page.getByTestId("issue-state")).toHaveText("regressed");
  await expect(page.getByTestId("issue-history")).toContainText(
    "regressed: seen again after it was resolved",
  );
  await page.goto("/failures");
  await expect(page.getByTestId("issue-row").first()).toContainText("regressed");

  // keyboard: move to the OOM issue and ignore it
  const oomIndex = await page
    .getByTestId("issue-row")
    .evaluateAll((rows) => rows.findIndex((r) => r.textContent?.includes("OOMKilled")));
  for (let i = 0; i < oomIndex; i++) await page.keyboard.press("j");
  await page.keyboard.press("i");
  await expect(page.getByTestId("issue-row").filter({ hasText: "OOMKilled" })).toHaveCount(0); // open issues only
  await page.getByTestId("filter-state").selectOption("ignored");
  await expect(page.getByTestId("issue-row").filter({ hasText: "OOMKilled" })).toContainText("ignored");
});

test("bulk-ignore a selection, and work through the triage queue", async ({
  page,
  request,
  settingsPage,
}) => {
  const key = await settingsPage.createIngestKey("triage");
  await post(request, key, [
    ...failing("FAILED tests/test_cart.py::test_total - AssertionError: assert 41 == 42", 20),
    ...failing(
      "error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
      15,
    ),
    ...failing("fatal: refusing to merge unrelated histories", 10),
  ]);
  await page.goto("/failures");
  const cart = page.getByTestId("issue-row").filter({ hasText: "test_cart.py" });
  const ts = page.getByTestId("issue-row").filter({ hasText: "TS2345" });
  await cart.getByTestId("issue-select").check();
  await ts.getByTestId("issue-select").check();
  await expect(page.getByTestId("bulk-bar")).toContainText("2 selected");
  await page.getByTestId("bulk-ignore").click();
  await expect(cart).toHaveCount(0);
  await expect(ts).toHaveCount(0);
  await page.getByTestId("filter-state").selectOption("ignored");
  await expect(page.getByTestId("issue-row").filter({ hasText: "test_cart.py" })).toContainText("ignored");

  // the queue: new and regressed issues one at a time; e resolves and moves on
  await page.goto("/failures/queue");
  await expect(page.getByTestId("queue-position")).toContainText("Issue 1 of");
  const total = Number(/of (\d+)/.exec((await page.getByTestId("queue-position").textContent()) ?? "")?.[1]);
  const first = (await page.getByTestId("queue-title").textContent()) ?? "";
  await shot(page, "15-triage-queue");
  // the queue moves on before the server answers (the counter drops at once): wait for the answer before leaving
  const resolved = page.waitForResponse(
    (r) => r.url().includes("/triage") && r.request().method() === "POST",
  );
  await page.keyboard.press("e");
  expect((await resolved).status()).toBe(200);
  if (total > 1) {
    await expect(page.getByTestId("queue-position")).toContainText("Issue 2 of");
    await expect(page.getByTestId("queue-title")).not.toHaveText(first);
  } else {
    await expect(page.getByTestId("queue-done")).toBeVisible();
  }
  await page.goto("/failures?state=resolved");
  await expect(
    page
      .getByTestId("issue-row")
      .filter({ hasText: first.slice(0, 40) })
      .first(),
  ).toBeVisible();
});

test("merge two issues from the list and unmerge one on the issue page", async ({
  page,
  request,
  settingsPage,
}) => {
  const key = await settingsPage.createIngestKey("triage");
  await post(request, key, [
    ...failing("Error: connect ECONNREFUSED 10.1.2.3:6379", 12),
    ...failing("Error: connect ECONNREFUSED 10.1.2.3:6379", 11),
    ...failing("Redis connection to cache:6379 failed - connect ECONNREFUSED", 10),
  ]);
  await page.goto("/failures");
  const a = page.getByTestId("issue-row").filter({ hasText: "Error: connect ECONNREFUSED" });
  const b = page.getByTestId("issue-row").filter({ hasText: "Redis connection to cache" });
  await a.getByTestId("issue-select").check();
  await b.getByTestId("issue-select").check();
  await page.getByTestId("bulk-merge").click();
  await expect(b).toHaveCount(0);
  await a.getByTestId("issue-link").click();
  await expect(page.getByTestId("merged-issues")).toContainText("Redis connection to cache");
  await page.getByTestId("unmerge").click();
  await expect(page.getByTestId("merged-issues")).toHaveCount(0);
  await expect(page.getByTestId("issue-history")).toContainText("unmerged");
  await page.goto("/failures");
  await expect(page.getByTestId("issue-row").filter({ hasText: "Redis connection to cache" })).toHaveCount(1);
});
