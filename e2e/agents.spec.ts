// The agents board: live statuses without a reload (a job starts, then stalls once the threshold is lowered in
// another tab), the attention order, dark mode, and an agent's page.
import { failingJob, postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { AgentsPage } from "./pages/agents";
import { createAndSwitch } from "./pages/projects";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** A zone where it is between 03:00 and 21:00 now, so "today" holds every job of the last few minutes. */
function daytimeZone() {
  const hour = (timeZone: string) =>
    Number(
      new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(new Date()),
    );
  return ["Europe/Paris", "America/New_York", "Asia/Tokyo"].find(
    (z) => hour(z) >= 3 && hour(z) < 21,
  ) as string;
}

test("the board shows a job start and a stall live, most urgent first, and opens an agent", async ({
  page,
  context,
  settingsPage,
}) => {
  test.setTimeout(120_000);
  const board = new AgentsPage(page);
  // a project of its own, so the thresholds changed here touch no other test
  const slug = `fleet-${Date.now().toString(36)}`;
  await createAndSwitch(page, slug);
  await settingsPage.goto();
  const key = await settingsPage.createKey("agents board", ["ingest"]);

  const zone = daytimeZone();
  const bad = await AgentsPage.saveThresholds(page, { timezone: zone, stall: 10, offline: 5 });
  await expect(bad).toHaveText("Offline after must be at least as long as stall after.");
  const saved = await AgentsPage.saveThresholds(page, { timezone: zone, stall: 10, offline: 30 });
  await expect(saved).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("threshold-timezone")).toHaveValue(zone);
  await expect(page.getByTestId("threshold-stall")).toHaveValue("10");
  await shot(page, "agents-01-thresholds");

  // the fleet before the board opens: scout idle, flaky failing, night owl waiting, ghost gone quiet
  const post = (events: object[]) => postEvents(page.request, key, events);
  const flaky = (n: number) =>
    failingJob("flaky", `Rate limit reached for gpt-5-codex (429), attempt ${n}`, n);
  const scoutFailed = failingJob("scout", "fatal: refusing to merge unrelated histories", 3); // started 5 min ago
  await post([
    {
      id: `${slug}-hb1`,
      type: "agent.heartbeat",
      time: iso(0),
      agent: "scout",
      data: { status: "idle", host: "box-7", version: "2.1.0" },
    },
    ...scoutFailed,
    {
      id: `${slug}-u1`,
      type: "job.usage",
      time: iso(4),
      job: scoutFailed[0]?.job,
      data: { model: "claude-sonnet-4-5", input_tokens: 12000, output_tokens: 3400, cost_usd: 0.42 },
    },
    ...flaky(1),
    ...flaky(2),
    ...flaky(3),
    { id: `${slug}-hb2`, type: "agent.heartbeat", time: iso(0), agent: "flaky", data: { status: "idle" } },
    {
      id: `${slug}-hb3`,
      type: "agent.heartbeat",
      time: iso(1),
      agent: "night owl/2",
      data: { status: "waiting" },
    },
    { id: `${slug}-hb4`, type: "agent.heartbeat", time: iso(120), agent: "ghost", data: { status: "idle" } },
  ]);

  await board.goto();
  await expect(board.status("scout")).toHaveText("idle");
  await expect(board.status("night owl/2")).toHaveText("waiting");
  await expect(board.status("ghost")).toHaveText("offline");
  await expect(board.row("flaky").getByTestId("agent-failing")).toBeVisible();
  expect(await board.order()).toEqual(["night owl/2", "flaky", "scout", "ghost"]);
  await expect(page.getByText(`today in ${zone}`)).toBeVisible();
  await board.markDocument();

  // a job starts (five minutes ago, as the runner reports it): the board shows it without a reload
  await post([
    {
      id: `${slug}-s`,
      type: "job.started",
      time: iso(5),
      job: `${slug}-job`,
      agent: "scout",
      data: { title: "Fix the flaky checkout test", harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    {
      id: `${slug}-hb5`,
      type: "agent.heartbeat",
      time: iso(0),
      agent: "scout",
      data: { status: "busy", job: `${slug}-job` },
    },
  ]);
  await expect(board.status("scout")).toHaveText("running");
  const scout = board.row("scout");
  await expect(scout.getByTestId("current-job-link")).toHaveText("Fix the flaky checkout test");
  await expect(scout.getByTestId("current-job-for")).toHaveText(/^[56]m$/);
  await expect(scout.getByTestId("agent-today-jobs")).toContainText("2"); // the failed one and the running one
  await expect(scout.getByTestId("agent-today-spend")).toHaveText("$0.42");
  await shot(page, "agents-02-board-running");

  // another tab lowers the stall threshold to 2 minutes: the job's last event was 5 minutes ago
  const settingsTab = await context.newPage();
  const lowered = await AgentsPage.saveThresholds(settingsTab, { timezone: zone, stall: 2, offline: 30 });
  await expect(lowered).toHaveText("Saved.");
  await settingsTab.close();

  // the job is stalled; scout itself is alive (it heartbeats), so it is running with 1 stalled job
  await expect(scout.getByTestId("agent-status-detail")).toHaveText(/^1 stalled job · no event for [56]m$/, {
    timeout: 15_000,
  });
  await expect(board.status("scout")).toHaveText("running");
  await expect(page.getByTestId("status-count-stalled-jobs")).toContainText("1");
  expect(await board.order()).toEqual(["scout", "night owl/2", "flaky", "ghost"]);
  await board.expectSameDocument();
  await shot(page, "agents-03-board-stalled");

  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "agents-04-board-dark");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);

  // the status chips filter the board
  await page.getByTestId("status-count-offline").click();
  await expect(board.rows()).toHaveCount(1);
  await expect(board.status("ghost")).toHaveText("offline");
  await page.getByTestId("status-count-offline").click();
  await expect(board.rows()).toHaveCount(4);

  // the agent page: status, current job, today, history, recent jobs, the standups slot
  await board.open("scout");
  await expect(page.getByTestId("agent-status").first()).toHaveText("running");
  await expect(page.getByTestId("agent-status-line")).toHaveText(
    /^Alive \(running\), with 1 stalled job: no event for [56]m\.$/,
  );
  await expect(page.getByTestId("fact-host")).toHaveText("box-7");
  await expect(page.getByTestId("fact-version")).toHaveText("2.1.0");
  await expect(page.getByTestId("today-jobs")).toHaveText("2");
  await expect(page.getByTestId("today-success")).toHaveText("0%");
  await expect(page.getByTestId("today-spend")).toHaveText("$0.42");
  await expect(page.getByTestId("failures-chart")).toBeVisible();
  await expect(page.getByTestId("spend-chart")).toBeVisible();
  await expect(page.getByTestId("agent-recent-jobs").getByTestId("job-row")).toHaveCount(2);
  // its standups, day by day: today's so far names the stalled job among what blocks it
  const standups = page.locator("section#standups").getByTestId("agent-standups");
  await expect(standups).toContainText("Today so far");
  await expect(standups).toContainText("Fix the flaky checkout test");
  await expect(standups.getByRole("link", { name: "Open in Standups" })).toHaveAttribute(
    "href",
    "/standups?agent=scout",
  );
  await shot(page, "agents-05-agent-page");

  await page.getByTestId("agent-current-job").getByTestId("current-job-link").click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("job-title")).toHaveText("Fix the flaky checkout test");

  // names with spaces and slashes survive the round trip through the URL, on the page and in the API
  await page.goto(`/agents/${encodeURIComponent("night owl/2")}`);
  await expect(page.getByTestId("agent-name")).toHaveText("night owl/2");
  await expect(page.getByTestId("agent-status").first()).toHaveText("waiting");
  const api = await page.request.get(`/api/v1/agents/${encodeURIComponent("night owl/2")}`);
  expect(api.status()).toBe(200);
  expect((await api.json()).agent.status).toBe("waiting");
  await shot(page, "agents-06-agent-waiting");

  // the Jobs list links agents to their page
  await page.goto("/jobs");
  await page
    .getByTestId("job-row")
    .filter({ hasText: "Fix the flaky checkout test" })
    .getByTestId("job-agent-link")
    .click();
  await expect(page.getByTestId("agent-name")).toHaveText("scout");
});
