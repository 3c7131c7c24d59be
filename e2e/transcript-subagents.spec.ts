// Issue 19, point 4 on the page: a sub-agent whose events name no starting call (as a sub-agent file imported
// apart gives) and that ran past the session's last record hangs under the Task call, and "Job completed" stays
// the last entry; one whose Task call is missing gets a Sub-agent node of its own.
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { JobsPage } from "./pages/jobs";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE });

test("sub-agents hang under their Task call and the completion stays last", async ({ page, request }) => {
  const key = await freshProject(page, `subagents-${Date.now().toString(36)}`);
  const job = `sub-${Date.now()}`;
  const t = (s: number) => new Date(Date.now() - 10 * 60_000 + s * 1000).toISOString();
  const ev = (id: string, type: string, s: number, data: object) => ({
    id: `${job}-${id}`,
    type,
    time: t(s),
    job,
    data,
  });
  await postEvents(request, key, [
    { ...ev("s", "job.started", 0, { title: "Delegate a search", harness: "claude-code" }), agent: "lead" },
    ev("p", "job.message", 1, { role: "user", text: "Delegate a repo search" }),
    ev("task", "job.tool_call", 2, {
      call_id: "task-1",
      tool: "Task",
      input: { description: "search files" },
    }),
    ev("done", "job.completed", 3, { summary: "Delegated." }),
    // the sub-agent: no branch_parent_call_id, and it ran on after the session's last record
    ev("b1", "job.message", 4, {
      role: "user",
      text: "Search the repo for TODO comments",
      branch: "agent-a",
    }),
    ev("b2", "job.message", 5, { role: "assistant", text: "Found 3 TODOs.", branch: "agent-a" }),
    // another one whose Task call was never recorded
    ev("c1", "job.message", 1.5, { role: "user", text: "Orphan sub-agent prompt", branch: "agent-b" }),
  ]);
  const jobs = new JobsPage(page);
  await jobs.goto();
  await jobs.open("Delegate a search");
  const entries = page.getByTestId("transcript-entry");
  await expect(entries.last()).toContainText("Job completed");
  // by time: started, prompt, the orphan's node and its prompt, the Task call and its branch (2), completed
  await expect(entries).toHaveCount(8);
  await expect(entries.nth(2).getByTestId("subagent-node")).toContainText("Sub-agent agent-b");
  await expect(entries.nth(3)).toContainText("Orphan sub-agent prompt");
  await expect(entries.nth(4).getByTestId("branch-toggle")).toContainText("Sub-agent agent-a");
  await expect(entries.nth(5)).toContainText("Search the repo for TODO comments");
  await expect(entries.nth(6)).toContainText("Found 3 TODOs.");
  await shot(page, "transcript-subagents");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "transcript-subagents-390");
});
