// The walking skeleton end to end: a key from Settings, events posted with it, the job in the console.
import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { createAndSwitch } from "./pages/projects";

test.use({ storageState: ADMIN_STATE });

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

/** A project of the test's own, switched to: other specs post to the default project, in any order. */
async function ownProject(page: Page, prefix: string) {
  const name = `${prefix}-${Date.now().toString(36)}`;
  await createAndSwitch(page, name);
  await page.goto("/settings");
}

test("the empty state's curl sends a first event with the user's key", async ({ page }) => {
  await ownProject(page, "empty");
  await page.goto("/");
  await expect(page.getByTestId("first-event")).toBeVisible();
  await shot(page, "02-overview-empty");
  await page.getByTestId("create-first-key").click();
  await expect(page.getByTestId("new-key")).toContainText("fw_");
  const curl = (await page.getByTestId("first-event-curl").textContent()) ?? "";
  expect(curl).toContain((await page.getByTestId("new-key").textContent())?.trim());
  const out = execFileSync("sh", ["-c", curl], { encoding: "utf8" });
  expect(JSON.parse(out)).toEqual({ accepted: 2, duplicates: 0, rejected: 0 });
  await page.getByTestId("refresh").click();
  await expect(page.getByTestId("stat-jobs")).toHaveText("1");
});

test("create a key, post events with it, find and open the job", async ({
  page,
  settingsPage,
  jobsPage,
  request,
}) => {
  await ownProject(page, "skeleton");
  await settingsPage.goto();
  const key = await settingsPage.createKey("e2e runner", ["ingest", "read"]);
  await shot(page, "03-settings-key-created");
  await page.reload();
  await expect(page.getByTestId("key-row").filter({ hasText: "e2e runner" })).toBeVisible();

  const events = [
    {
      id: "e2e-1-s",
      type: "job.started",
      time: iso(300_000),
      job: "e2e-1",
      agent: "scout",
      data: {
        title: "Refactor the billing module",
        harness: "claude-code",
        harness_version: "2.1.88",
        model: "claude-sonnet-4-5",
        repo: "acme/billing",
        branch: "main",
      },
    },
    {
      id: "e2e-1-u",
      type: "job.usage",
      time: iso(200_000),
      job: "e2e-1",
      data: { model: "claude-sonnet-4-5", input_tokens: 12000, output_tokens: 3400, cost_usd: 0.42 },
    },
    {
      id: "e2e-1-c",
      type: "job.completed",
      time: iso(120_000),
      job: "e2e-1",
      data: {
        summary: "Split billing into three modules",
        artifacts: [{ kind: "pr", url: "https://github.com/acme/billing/pull/42", title: "PR #42" }],
      },
    },
    {
      id: "e2e-2-s",
      type: "job.started",
      time: iso(250_000),
      job: "e2e-2",
      agent: "reviewer-3",
      data: {
        title: "Upgrade the test runner",
        harness: "codex",
        harness_version: "0.104",
        model: "gpt-5-codex",
      },
    },
    {
      id: "e2e-2-f",
      type: "job.failed",
      time: iso(60_000),
      job: "e2e-2",
      data: {
        error: { type: "rate_limit_error", message: "429 Too Many Requests: rate limit exceeded", code: 429 },
        retryable: true,
      },
    },
    {
      id: "e2e-3-s",
      type: "job.started",
      time: iso(30_000),
      job: "e2e-3",
      agent: "scout",
      data: { title: "Write release notes", harness: "claude-code", model: "claude-opus-4-1" },
    },
  ];
  const res = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${key}` },
    data: { events },
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ accepted: 6, duplicates: 0, rejected: 0 });

  // the same key reads the API (consistent=true: once the events just acknowledged are projected)
  const api = await request.get("/api/v1/jobs?range=24h&consistent=true", {
    headers: { authorization: `Bearer ${key}` },
  });
  // the three jobs of this project (e2e-1, e2e-2, e2e-3): the test's own project holds nothing else
  expect(((await api.json()) as { jobs: unknown[] }).jobs).toHaveLength(3);

  await jobsPage.goto();
  await expect(jobsPage.rows()).toHaveCount(3);
  await expect(jobsPage.row("Refactor the billing module").getByTestId("job-status")).toHaveText("succeeded");
  await expect(jobsPage.row("Upgrade the test runner").getByTestId("job-status")).toHaveText("failed");
  await expect(jobsPage.row("Write release notes").getByTestId("job-status")).toHaveText("running");
  await shot(page, "04-jobs");

  // filters live in the URL and survive a reload
  await jobsPage.filterStatus("failed");
  await expect(page).toHaveURL(/status=failed/);
  await expect(jobsPage.rows()).toHaveCount(1);
  await page.reload();
  await expect(jobsPage.rows()).toHaveCount(1);
  await page.getByTestId("filter-agent").selectOption("scout");
  await expect(page.getByTestId("jobs-empty")).toBeVisible();
  await jobsPage.goto("?agent=scout");
  await expect(jobsPage.rows()).toHaveCount(2); // e2e-1 and e2e-3

  await jobsPage.open("Refactor the billing module");
  await expect(page.getByTestId("job-status")).toHaveText("succeeded");
  await expect(page.getByTestId("job-summary")).toContainText("Split billing into three modules");
  await expect(page.getByTestId("transcript-entry")).toHaveCount(3); // started, usage, completed
  await page.getByTestId("tab-facts").click();
  await expect(page.getByTestId("fact-agent")).toHaveText("scout");
  await expect(page.getByTestId("fact-duration")).toHaveText("3m");
  // the runner reported $0.42; the price table's figure for the same tokens is shown beside it when they differ
  await expect(page.getByTestId("job-cost").locator("span").first()).toHaveText("$0.42");
  await expect(page.getByTestId("job-cost-both")).toHaveText(
    /^Runner reported \$0\.42 · price table \$0\.\d+$/,
  );
  await shot(page, "05-job-succeeded");
  await page.getByTestId("tab-events").click();
  await expect(page.getByTestId("job-event")).toHaveCount(3);

  await jobsPage.goto();
  await jobsPage.open("Upgrade the test runner");
  await expect(page.getByTestId("job-error")).toContainText("429 Too Many Requests");
  await shot(page, "06-job-failed");
});
