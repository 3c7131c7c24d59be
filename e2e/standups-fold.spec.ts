// Standups (issue 19, point 15): a busy agent's day folds to 8 lines with "Show all"; its Done lines show the
// job's title once and the artifacts compactly; Blocked says why (the same failure 3 times, a stalled job).
// Screenshots at 1440x900 and 390x844, light and dark.
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { freshProject } from "./pages/overview";
import { StandupsPage } from "./pages/standups";

test.use({ storageState: ADMIN_STATE });

const stamp = Date.now().toString(36);
const BUSY = `e2e-busy-${stamp}`;
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10); // the project's days are UTC
const at = (h: number, m = 0) =>
  `${YESTERDAY}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`;
const started = (job: string, title: string, time: string) => ({
  id: `${job}-s`,
  type: "job.started",
  time,
  job,
  agent: BUSY,
  data: { title, harness: "claude-code" },
});

/** 12 jobs done (each with a PR and a commit titled after the job, as the simulator sends them), the same
 * out-of-memory failure 3 times, and a job silent since 16:00 that never ended. */
function busyDay() {
  const done = Array.from({ length: 12 }, (_, i) => {
    const job = `ok${i}-${stamp}`;
    const title = `Ship feature ${i + 1}`;
    const sha = `4a5676${i.toString(16)}`.padEnd(40, "0"); // commit 4a56760 ... 4a5676b
    return [
      started(job, title, at(8, i * 2)),
      {
        id: `${job}-c`,
        type: "job.completed",
        time: at(8, i * 2 + 1),
        job,
        data: {
          artifacts: [
            { kind: "pr", url: `https://github.com/acme/shop/pull/${5100 + i}`, title },
            { kind: "commit", url: `https://github.com/acme/shop/commit/${sha}`, title },
          ],
        },
      },
    ];
  }).flat();
  const oom = [11, 12, 13].flatMap((h) => {
    const job = `oom${h}-${stamp}`;
    return [
      started(job, "Build docker image", at(h - 1, 58)),
      {
        id: `${job}-f`,
        type: "job.failed",
        time: at(h),
        job,
        data: { error: { message: "Killed (exit code 137): the container ran out of memory (OOMKilled)" } },
      },
    ];
  });
  const stuck = `stuck-${stamp}`;
  return [
    ...done,
    ...oom,
    started(stuck, "Migrate database", at(15, 55)),
    {
      id: `${stuck}-t`,
      type: "job.tool_call",
      time: at(16),
      job: stuck,
      data: { call_id: "c1", tool: "Bash", input: { command: "npm run migrate" } },
    },
  ];
}

test("a busy agent's standup folds past 8 lines, shows artifacts compactly and says why it is blocked", async ({
  page,
  request,
}) => {
  const key = await freshProject(page, `standups-fold-${stamp}`);
  await postEvents(request, key, busyDay());
  await page.setViewportSize({ width: 1440, height: 900 });
  const standups = new StandupsPage(page);
  await standups.goto(`?agent=${BUSY}`);
  const agent = standups.agent(BUSY);
  await expect(agent.getByTestId("agent-headline")).toHaveText("12 done · 3 failed · 2 blocked");

  // 12 done + 1 problem + 2 blocked = 15 lines. Folded to 8, shared out: blocked 2, problems 1, done 5
  // (round 1: one each = 3; round 2: blocked, done = 5; then done alone up to 8).
  const done = standups.section(BUSY, "done");
  await expect(done.getByTestId("standup-line")).toHaveCount(5);
  await expect(done.getByTestId("section-hidden")).toHaveText("+ 7 more");
  await expect(done.getByTestId("standup-line").first()).toHaveText(
    "Ship feature 1 — PR #5100 · commit 4a56760",
  );
  await expect(standups.section(BUSY, "blocked").getByTestId("standup-line")).toHaveText([
    "Stalled: Migrate database — still running, no event since 16:00stalled",
    /^Failing repeatedly: .+ — the same failure 3 times this day, last at 13:00repeated$/,
  ]);
  const toggle = agent.getByTestId("agent-show-all");
  await expect(toggle).toHaveText("Show all 15 lines");
  await shot(page, "standups-folded-1440");

  await toggle.click();
  await expect(done.getByTestId("standup-line")).toHaveCount(12);
  await expect(done.getByTestId("section-hidden")).toHaveCount(0);
  await expect(done.getByTestId("standup-line").last()).toHaveText(
    "Ship feature 12 — PR #5111 · commit 4a5676b",
  );
  await expect(toggle).toHaveText("Show the first 8 lines");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await shot(page, "standups-expanded-1440");
  await toggle.click();
  await expect(done.getByTestId("standup-line")).toHaveCount(5);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(toggle).toBeVisible();
  await shot(page, "standups-folded-390");

  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "standups-folded-390-dark");
  await page.setViewportSize({ width: 1440, height: 900 });
  await toggle.click();
  await expect(done.getByTestId("standup-line")).toHaveCount(12);
  await shot(page, "standups-expanded-1440-dark");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});
