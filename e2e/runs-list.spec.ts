// Runs in the browser (issue 18, points 3 and 4): the jobs list in runs mode expands a run in place into its
// tree of jobs; the step filter and the retry / child badges of the jobs list; a pipeline's step opens the jobs
// list filtered by that step and pipeline. Screenshots of both pages, light and dark, 1440 and 390 wide.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { eventsOf, RUN_A, RUN_B, RUN_C } from "../tests/helpers/runs-specs";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { JobsPage } from "./pages/jobs";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const SHOTS = "/work/notes/shots/runlist";
async function shots(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const theme of ["light", "dark"] as const) {
    if (theme === "dark") await page.getByTestId("theme-toggle").click();
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${SHOTS}/${name}-${theme}-${w}.png`, fullPage: true });
    }
    if (theme === "dark") await page.getByTestId("theme-toggle").click();
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("expand a run in the jobs list, filter by step, open a pipeline step", async ({ page, request }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const run = `runs-${Date.now()}`;
  const key = await freshProject(page, run);
  const now = new Date();
  // the fixture's job ids, made unique to this run so the links are this project's
  const specs = [...RUN_A, ...RUN_B, ...RUN_C].map((s) => ({
    ...s,
    job: `${run}-${s.job}`,
    data: Object.fromEntries(
      Object.entries(s.data ?? {}).map(([k, v]) =>
        ["parent_job", "root_job", "retry_of"].includes(k) ? [k, `${run}-${v}`] : [k, v],
      ),
    ),
  }));
  await postEvents(
    request,
    key,
    specs.flatMap((s) => eventsOf(s, now)),
  );
  const jobs = new JobsPage(page);

  // runs mode: only the three roots, newest first, each rolled up
  await jobs.goto("?view=runs");
  const runs = page.getByTestId("run-row");
  await expect(runs).toHaveCount(3);
  const a = page.locator(`[data-run="${run}-A"]`);
  // A: five jobs (one failed, then retried), $0.19 in all, succeeded
  await expect(a.getByTestId("run-job-count")).toHaveText("5 jobs · 1 failed");
  await expect(a.getByTestId("run-cost")).toHaveText("$0.19");
  await expect(a.getByTestId("job-status").first()).toHaveText("succeeded");
  await expect(page.locator(`[data-run="${run}-B"]`).getByTestId("job-status").first()).toHaveText("failed");
  await expect(page.locator(`[data-run="${run}-C"]`).getByTestId("badge-schedule")).toHaveText(
    "nightly-deps",
  );

  await a.getByTestId("run-expand").click();
  const tree = a.getByTestId("run-job");
  await expect(tree).toHaveCount(5);
  // the root, then its children one level in; the retry sits beside the attempt it retries
  expect(await tree.evaluateAll((els) => els.map((e) => e.getAttribute("data-depth")))).toEqual([
    "0",
    "1",
    "1",
    "1",
    "1",
  ]);
  await expect(a.getByTestId("badge-retry")).toHaveText("retry 2");
  await page.locator(`[data-run="${run}-B"]`).getByTestId("run-expand").click();
  // B's second fix hangs three links down: B → B-f1 → B-r3 → B-f2
  await expect(page.locator(`[data-run="${run}-B"]`).locator('[data-depth="3"]')).toHaveCount(1);
  await shots(page, "jobs-runs");

  // jobs mode, filtered by step: the three review:gemini jobs, badged as retry and child
  await page.getByTestId("view-jobs").click();
  await page.getByTestId("filter-step").selectOption("review:gemini");
  await expect(jobs.rows()).toHaveCount(3);
  await expect(page).toHaveURL(/step=review(:|%3A)gemini/);
  await expect(jobs.rows().getByTestId("badge-retry")).toHaveCount(1);
  await expect(jobs.rows().getByTestId("badge-child").first()).toContainText("child of");

  // Pipelines: one pipeline of two runs; its fix step opens the jobs list on that step of that pipeline
  await page.goto("/pipelines");
  const pipeline = page.getByTestId("pipeline");
  await expect(pipeline).toHaveCount(1);
  await expect(pipeline.getByTestId("pipeline-runs")).toHaveText("2");
  await expect(pipeline.getByTestId("pipeline-send-back")).toHaveText("50%");
  await expect(pipeline.getByTestId("pipeline-cost-per-success")).toHaveText("$0.51");
  await shots(page, "pipelines");
  await pipeline.getByTestId("pipeline-step-link").filter({ hasText: /^fix$/ }).click();
  await expect(page).toHaveURL(/step=fix/);
  await expect(page).toHaveURL(/pipeline=/);
  await expect(page.getByTestId("filter-pipeline")).toContainText(
    "write → review:gpt-5 → review:gemini → fix",
  );
  await expect(jobs.rows()).toHaveCount(3);
});
