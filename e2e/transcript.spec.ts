// The transcript viewer: tool calls, sub-agents, search, jump to error, deep links, a 10,000-entry job,
// and full-text search from the Jobs page.
import type { Page } from "@playwright/test";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

// Three hours back: the 10,000-entry job spans 2 h 47 min and must end before now (ingest refuses times more than
// an hour ahead of the server clock).
const t0 = Date.now() - 3 * 3_600_000;
const at = (s: number) => new Date(t0 + s * 1000).toISOString();

function demoJob(job: string) {
  const ev = (id: string, type: string, s: number, data: object, extra: object = {}) => ({
    id: `${job}-${id}`,
    type,
    time: at(s),
    job,
    data,
    ...extra,
  });
  return [
    ev(
      "start",
      "job.started",
      0,
      { title: "Allow plus signs in emails", harness: "claude-code", model: "claude-sonnet-4-5" },
      { agent: "scout" },
    ),
    ev("prompt", "job.message", 1, {
      role: "user",
      text: "The login form rejects **plus signs** in email addresses. Fix it.",
    }),
    ev("think", "job.thinking", 2, { text: "Probably the validator regex excludes the plus character." }),
    ev("task", "job.tool_call", 3, {
      call_id: "task-1",
      tool: "Task",
      input: { description: "Find the validator", prompt: "Find where emails are validated" },
    }),
    ev("sub-prompt", "job.message", 4, {
      role: "user",
      text: "Find where emails are validated",
      branch: "agent-42",
      branch_parent_call_id: "task-1",
    }),
    ev("sub-grep", "job.tool_call", 5, {
      call_id: "grep-1",
      tool: "Grep",
      input: { pattern: "isEmail" },
      branch: "agent-42",
      branch_parent_call_id: "task-1",
    }),
    ev("sub-grep-out", "job.tool_result", 6, {
      call_id: "grep-1",
      output: "src/auth/validate.ts:3: export function isEmail",
      branch: "agent-42",
      branch_parent_call_id: "task-1",
    }),
    ev("task-out", "job.tool_result", 7, {
      call_id: "task-1",
      output: "The validator is in src/auth/validate.ts",
    }),
    ev("edit", "job.tool_call", 8, {
      call_id: "edit-1",
      tool: "Edit",
      input: {
        file_path: "src/auth/validate.ts",
        old_string: "return /^[^@+]+@[^@]+$/.test(s);",
        new_string: "return /^[^@]+@[^@]+$/.test(s);",
      },
    }),
    ev("edit-out", "job.tool_result", 9, { call_id: "edit-1", output: "File updated" }),
    ev("usage", "job.usage", 10, {
      model: "claude-sonnet-4-5",
      input_tokens: 1200,
      output_tokens: 300,
      cache_read_tokens: 9000,
      cost_usd: 0.021,
    }),
    ev("test", "job.tool_call", 40, { call_id: "bash-1", tool: "Bash", input: { command: "npm test" } }),
    ev("test-out", "job.tool_result", 55, {
      call_id: "bash-1",
      is_error: true,
      output: "\u001b[31mFAIL\u001b[0m src/auth/validate.test.ts\n  expected true, got false",
    }),
    ev("reply", "job.message", 60, {
      role: "assistant",
      text: "One test still fails; the fixture uses an old address.",
    }),
    ev("fail", "job.failed", 61, { error: { type: "test_failure", message: "1 test failed" } }),
  ];
}

async function openJob(page: Page, title: string) {
  await page.goto(`/jobs?q=&range=all`);
  await page.getByTestId("job-row").filter({ hasText: title }).getByTestId("job-link").click();
  await expect(page.getByTestId("transcript")).toBeVisible();
}

test("read a job's transcript: tool calls, sub-agent, search, jump to error, deep link", async ({
  page,
  request,
  settingsPage,
}) => {
  const key = await settingsPage.createIngestKey("viewer");
  await postEvents(request, key, demoJob("viewer-1"));
  await openJob(page, "Allow plus signs in emails");
  const entries = page.getByTestId("transcript-entry");
  await expect(entries.first()).toBeVisible();
  await expect(page.getByText("plus signs", { exact: true })).toBeVisible(); // markdown bold rendered
  await shot(page, "08-transcript");

  // tool call expands to input and output; the edit shows as a diff
  const edit = entries
    .filter({ hasText: "src/auth/validate.ts" })
    .filter({ has: page.getByTestId("tool-toggle") })
    .last();
  await edit.getByTestId("tool-toggle").click();
  await expect(edit.getByTestId("diff-view")).toContainText("- return /^[^@+]+@[^@]+$/.test(s);");
  await expect(edit.getByTestId("tool-details")).toContainText("File updated");

  // sub-agent entries sit under the Task call, and collapse with it
  const subPrompt = entries
    .filter({ hasText: "Find where emails are validated" })
    .filter({ hasNot: page.getByTestId("tool-toggle") });
  await expect(subPrompt).toBeVisible();
  await page.getByTestId("branch-toggle").click();
  await expect(subPrompt).toHaveCount(0);
  await page.getByTestId("branch-toggle").click();
  await expect(subPrompt).toBeVisible();

  // search highlights matches with next/previous
  await page.getByTestId("transcript-search").fill("validate.ts");
  await expect(page.getByTestId("search-count")).toHaveText("1 of 3");
  await page.getByTestId("search-next").click();
  await expect(page.getByTestId("search-count")).toHaveText("2 of 3");
  await page.getByTestId("transcript-search").fill("");

  // jump to the first error
  await page.getByTestId("jump-to-error").click();
  const failed = entries.filter({ hasText: "npm test" });
  await expect(failed).toHaveAttribute("data-error", "true");
  await expect(failed).toHaveClass(/ring-2/);
  await failed.getByTestId("tool-toggle").click();
  await expect(failed.getByTestId("tool-details")).toContainText("FAIL");
  await shot(page, "09-transcript-error");

  // deep link to an entry
  const url = page.url().split("#")[0];
  await page.goto(`${url}#entry-viewer-1-reply`);
  await expect(entries.filter({ hasText: "the fixture uses an old address" })).toHaveClass(/ring-2/);

  // raw events and facts tabs
  await page.getByTestId("tab-events").click();
  await expect(page.getByTestId("job-event")).toHaveCount(15);
  await page.getByTestId("tab-facts").click();
  await expect(page.getByTestId("fact-agent")).toHaveText("scout");
});

test("usage the runner did not price is priced by the table, unpriced usage says so, tokens include cache", async ({
  page,
  request,
  settingsPage,
}) => {
  const key = await settingsPage.createIngestKey("pricing");
  const job = "priced-1";
  const ev = (id: string, type: string, s: number, data: object) => ({
    id: `${job}-${id}`,
    type,
    time: at(s),
    job,
    agent: "pricer",
    data,
  });
  await postEvents(request, key, [
    ev("start", "job.started", 0, {
      title: "Price the usage",
      harness: "claude-code",
      model: "claude-sonnet-4-5",
    }),
    // no cost_usd; sonnet 4.5 at 3 / 15 / 0.30 / 3.75 $ per million:
    // 1000×3 + 2000×15 + 10,000×0.3 + 4000×3.75 = 51,000 µ$ = $0.051
    ev("u1", "job.usage", 1, {
      model: "claude-sonnet-4-5",
      input_tokens: 1000,
      output_tokens: 2000,
      cache_read_tokens: 10_000,
      cache_write_tokens: 4000,
    }),
    ev("u2", "job.usage", 2, { model: "homegrown-model-x", input_tokens: 5, output_tokens: 5 }),
    ev("done", "job.completed", 90, {}),
  ]);
  await openJob(page, "Price the usage");
  const usage = page.getByTestId("transcript-entry").filter({ has: page.getByTestId("usage-figures") });
  await expect(usage).toHaveCount(2);
  await expect(usage.first().getByTestId("usage-figures")).toHaveText(
    "1,000 in · 2,000 out · 10,000 cache read · 4,000 cache write · $0.05 computed",
  );
  // 1000 + 2000 + 10,000 + 4000 = 17,000 tokens so far
  await expect(usage.first().getByTestId("usage-total")).toHaveText("(total 17,000 tok · $0.05)");
  await expect(usage.last().getByTestId("usage-figures")).toHaveText(
    "5 in · 5 out · 0 cache read · 0 cache write · unpriced",
  );
  await expect(usage.last().getByTestId("usage-total")).toHaveText("(total 17,010 tok · $0.05 + 1 unpriced)");
  // at a glance, under the title: cost, duration 90 s, every token
  await expect(page.getByTestId("glance-cost")).toHaveText("$0.05+ 1 unpriced");
  await expect(page.getByTestId("glance-duration")).toHaveText("1m 30s");
  await expect(page.getByTestId("glance-tokens")).toHaveText("17,010");
  await page.getByTestId("tab-facts").click();
  await expect(page.getByTestId("fact-tokens")).toContainText("17,010");
  await expect(page.getByTestId("fact-tokens")).toContainText("10,000 cache read · 4,000 cache write");
  await shot(page, "08b-transcript-priced");
});

test("search all transcripts from the Jobs page and land on the entry", async ({ page }) => {
  await page.goto("/jobs?range=all");
  await page.getByTestId("jobs-search").fill("fixture address");
  await page.getByTestId("jobs-search").press("Enter");
  await expect(page).toHaveURL(/q=fixture/);
  await expect(page.getByTestId("transcript-hit")).toHaveCount(1);
  await expect(page.getByTestId("job-row")).toHaveCount(1);
  await page.getByTestId("transcript-hit").click();
  await expect(
    page.getByTestId("transcript-entry").filter({ hasText: "the fixture uses an old address" }),
  ).toHaveClass(/ring-2/);
});

test("a 10,000-entry job opens, loads fully and scrolls to its end", async ({
  page,
  request,
  settingsPage,
}) => {
  const key = await settingsPage.createIngestKey("viewer");
  const job = "huge-1";
  const events: object[] = [
    {
      id: `${job}-s`,
      type: "job.started",
      time: at(0),
      job,
      agent: "scout",
      data: { title: "A very long session", harness: "claude-code" },
    },
  ];
  for (let i = 1; i < 10_000; i++) {
    const kind = i % 3;
    events.push(
      kind === 0
        ? {
            id: `${job}-${i}`,
            type: "job.message",
            time: at(i),
            seq: i,
            job,
            data: { role: "assistant", text: `Step ${i}: looked at the next file` },
          }
        : kind === 1
          ? {
              id: `${job}-${i}`,
              type: "job.tool_call",
              time: at(i),
              seq: i,
              job,
              data: { call_id: `c${i}`, tool: "Read", input: { file_path: `src/file-${i}.ts` } },
            }
          : {
              id: `${job}-${i}`,
              type: "job.tool_result",
              time: at(i),
              seq: i,
              job,
              data: { call_id: `c${i - 1}`, output: `contents of file ${i - 1}\n`.repeat(5) },
            },
    );
  }
  await postEvents(request, key, events);
  const started = Date.now();
  await openJob(page, "A very long session");
  await expect(page.getByTestId("transcript-entry").first()).toBeVisible();
  const firstPaint = Date.now() - started;
  await expect(page.getByTestId("transcript-loaded")).toHaveText("10,000 entries", { timeout: 30_000 });
  console.log(`10,000-entry job: first entries after ${firstPaint} ms (including navigation from the list)`);
  // only a window of entries is in the DOM
  expect(await page.getByTestId("transcript-entry").count()).toBeLessThan(200);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(page.getByText("Step 9999: looked at the next file")).toBeVisible();
  await shot(page, "10-transcript-10k-end");
});
