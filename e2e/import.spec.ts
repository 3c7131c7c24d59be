// Importing session files from the Jobs page, then reading the imported transcript with its sub-agents.
import fs from "node:fs";
import path from "node:path";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";

test.use({ storageState: ADMIN_STATE });
// One of the files is not a session on purpose: its upload answers 422.
test.use({ expectedConsoleErrors: /status of 422/ });

const beside = path.resolve(import.meta.dirname, "../../shared/fixtures");
const fixtures = fs.existsSync(beside) ? beside : "/work/shared/fixtures";

test("import Claude Code and Codex files on the Jobs page and open one", async ({ page }) => {
  // the default range (24 hours) holds none of these old sessions: the results must lead to them
  await page.goto("/jobs");
  await page
    .getByTestId("import-input")
    .setInputFiles([
      path.join(fixtures, "claude-code/viewer-session-5c0375b4.jsonl"),
      path.join(fixtures, "codex/rollout-small-current.jsonl"),
      path.join(fixtures, "otlp/example-trace.json"),
    ]);
  const rows = page.getByTestId("import-row");
  await expect(rows.nth(0)).toHaveAttribute("data-state", "done");
  await expect(rows.nth(0)).toContainText("claude-code-session:");
  await expect(rows.nth(1)).toHaveAttribute("data-state", "done");
  await expect(rows.nth(2)).toHaveAttribute("data-state", "error");
  await expect(rows.nth(2)).toContainText("not a Claude Code or Codex session");
  await shot(page, "11-import");

  // each file's results link to its jobs, and to the Jobs page's window that shows them
  await expect(rows.nth(0).getByTestId("import-job-link")).toHaveCount(1);
  await rows.nth(1).getByTestId("import-show-jobs").click();
  await expect(page).toHaveURL(/range=custom/);
  await expect(page.getByTestId("job-row")).not.toHaveCount(0);

  // the imported session is a job whose id is the Claude Code session id
  await page.goto("/jobs");
  await page
    .getByTestId("import-input")
    .setInputFiles(path.join(fixtures, "claude-code/viewer-session-5c0375b4.jsonl"));
  await page.getByTestId("import-row").last().getByTestId("import-job-link").click();
  await expect(page.getByTestId("job-external-id")).toContainText("5c0375b4-57a5-4f26-b12d-d022ee4e51b7");
  await expect(page.getByTestId("transcript")).toBeVisible();
  await expect(page.getByTestId("branch-toggle").first()).toBeVisible();
  await shot(page, "12-imported-claude-code");

  // importing again changes nothing
  await page.goto("/jobs?range=all");
  await page
    .getByTestId("import-input")
    .setInputFiles(path.join(fixtures, "claude-code/viewer-session-5c0375b4.jsonl"));
  await expect(page.getByTestId("import-row").last()).toContainText(/: 0 new, \d+ already there/);
});
