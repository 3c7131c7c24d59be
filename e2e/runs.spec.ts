// Issue 18 on the page: a run's tree on the job page, the parent's Task call linking to the sub-agent job it
// started and back, a node of the tree opening its job, and a retry chain's "attempt 2 of 3" with links.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const SHOTS = process.env.RUNS_SHOTS_DIR ?? "/work/notes/shots/runs";

async function look(page: Page, name: string) {
  await shot(page, name);
  if (fs.existsSync(SHOTS)) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test("a run: Task call to sub-agent job and back, tree nodes open their jobs, retries link both ways", async ({
  page,
  request,
}) => {
  const key = await freshProject(page, `runs-${Date.now().toString(36)}`);
  const p = `r${Date.now().toString(36)}`;
  const t = (min: number) => new Date(Date.now() - 40 * 60_000 + min * 60_000).toISOString();
  const started = (job: string, min: number, agent: string, title: string, data: object = {}) => ({
    id: `${job}-s`,
    type: "job.started",
    time: t(min),
    job,
    agent,
    data: { harness: "claude-code", model: "claude-sonnet-4-5", title, ...data },
  });
  const usage = (job: string, min: number, cost: number) => ({
    id: `${job}-u`,
    type: "job.usage",
    time: t(min),
    job,
    data: { model: "claude-sonnet-4-5", input_tokens: 1200, output_tokens: 300, cost_usd: cost },
  });
  const end = (job: string, min: number, failed = false) =>
    failed
      ? {
          id: `${job}-e`,
          type: "job.failed",
          time: t(min),
          job,
          data: { error: { message: "tests failed" } },
        }
      : { id: `${job}-e`, type: "job.completed", time: t(min), job, data: {} };
  const lead = `${p}-lead`;
  const explore = `${p}-explore`;
  const grep = `${p}-grep`;
  const fix = [1, 2, 3].map((n) => `${p}-fix-${n}`);
  await postEvents(request, key, [
    started(lead, 0, "lead", "Ship the login fix", { step: "plan", trigger: "manual" }),
    {
      id: `${p}-ask`,
      type: "job.message",
      time: t(0.5),
      job: lead,
      data: { role: "user", text: "Fix login" },
    },
    {
      id: `${p}-task`,
      type: "job.tool_call",
      time: t(1),
      job: lead,
      data: {
        call_id: "task-1",
        tool: "Task",
        input: { description: "explore", prompt: "Map the auth code" },
      },
    },
    started(explore, 2, "scout", "Explore the auth code", { parent_job: lead, step: "explore" }),
    started(grep, 3, "scout-2", "Grep for session handling", { parent_job: explore }),
    usage(grep, 4, 0.02),
    end(grep, 5),
    usage(explore, 6, 0.05),
    end(explore, 7),
    {
      id: `${p}-task-r`,
      type: "job.tool_result",
      time: t(8),
      job: lead,
      data: { call_id: "task-1", output: "ok" },
    },
    started(fix[0] as string, 9, "fixer", "Fix the login bug", { parent_job: lead, step: "fix" }),
    end(fix[0] as string, 12, true),
    started(fix[1] as string, 13, "fixer", "Fix the login bug", {
      parent_job: lead,
      retry_of: fix[0],
      step: "fix",
    }),
    end(fix[1] as string, 16, true),
    started(fix[2] as string, 17, "fixer", "Fix the login bug", {
      parent_job: lead,
      retry_of: fix[1],
      step: "fix",
    }),
    usage(fix[2] as string, 19, 0.04),
    end(fix[2] as string, 20),
    usage(lead, 21, 0.1),
    end(lead, 22),
  ]);

  // the parent's Task call links to the sub-agent job it started
  await page.goto(`/jobs/${lead}`);
  await expect(page.getByTestId("job-title")).toHaveText("Ship the login fix");
  const tree = page.getByTestId("run-tree");
  // 0.10 + 0.05 + 0.02 + 0.04 = 0.21 over 6 jobs, 2 failed attempts
  await expect(tree.getByTestId("run-totals")).toContainText("$0.21");
  await expect(tree.getByTestId("run-totals")).toContainText("6 jobs");
  await expect(tree.getByTestId("run-totals")).toContainText("2 failed");
  await expect(page.getByTestId("children-link")).toContainText("4"); // explore and the 3 fix attempts
  await expect(tree.getByTestId("run-node")).toHaveCount(6);
  await expect(tree.locator('[data-current="true"]')).toHaveAttribute("data-job", lead);
  await look(page, "run-parent-1440");
  // the run's jobs on its timeline: a bar per job, each opening its job (and back)
  const bars = tree.getByTestId("waterfall-row");
  await expect(bars).toHaveCount(6);
  await bars.filter({ hasText: "Grep for session handling" }).click();
  await expect(page.getByTestId("job-title")).toHaveText("Grep for session handling");
  await page.goBack();
  await expect(page.getByTestId("job-title")).toHaveText("Ship the login fix");

  const link = page.getByTestId("spawned-job-link");
  await expect(link).toContainText("Sub-agent job: Explore the auth code");
  await link.click();
  await expect(page.getByTestId("job-title")).toHaveText("Explore the auth code");
  await expect(page.getByTestId("parent-link")).toHaveText("Ship the login fix");
  await expect(page.getByTestId("started-by-call")).toBeVisible();
  await look(page, "run-child-1440");

  // and the child links back to the call: the parent's page at the Task call's entry
  await page.getByTestId("started-by-call").click();
  await expect(page.getByTestId("job-title")).toHaveText("Ship the login fix");
  await expect(page).toHaveURL(new RegExp(`#entry-${p}-task$`));
  await expect(page.locator(`[id="entry-${p}-task"]`)).toBeVisible();

  // a node of the tree opens its job
  await page.getByTestId("run-tree").locator(`[data-job="${grep}"]`).getByTestId("run-node-link").click();
  await expect(page.getByTestId("job-title")).toHaveText("Grep for session handling");
  await expect(page.getByTestId("run-tree").locator('[data-current="true"]')).toHaveAttribute(
    "data-job",
    grep,
  );

  // a retry chain: attempt 2 of 3 with the previous and next attempts
  await page.goto(`/jobs/${fix[1]}`);
  await expect(page.getByTestId("attempt-nav")).toContainText("attempt 2 of 3");
  await look(page, "run-retry-1440");
  await page.getByTestId("attempt-next").click();
  await expect(page.getByTestId("attempt-nav")).toContainText("attempt 3 of 3");
  await page.getByTestId("attempt-previous").click();
  await expect(page.getByTestId("attempt-nav")).toContainText("attempt 2 of 3");

  await page.setViewportSize({ width: 390, height: 844 });
  await look(page, "run-retry-390");
  await page.goto(`/jobs/${lead}`);
  await expect(page.getByTestId("run-tree")).toBeVisible();
  await look(page, "run-parent-390");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await look(page, "run-parent-390-dark");
  await page.setViewportSize({ width: 1440, height: 900 });
  await look(page, "run-parent-1440-dark");
  // back to light for the specs after this one (the theme is remembered)
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});
