// The Overview: headline figures, charts and needs attention for the shared range, in a project of its own so
// every figure is exact. Changing the range (presets, custom) changes the figures and travels with the sidebar.
import fs from "node:fs";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { freshProject, OverviewPage } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const MIN = 60_000;

function job(o: {
  id: string;
  agent: string;
  model: string;
  harness: string;
  startMinAgo: number;
  cost: number;
  outcome: "ok" | "rate_limit" | "max_turns" | "running";
  title: string;
}) {
  const t = (minAgo: number) => new Date(Date.now() - minAgo * MIN).toISOString();
  const events: object[] = [
    {
      id: `${o.id}-s`,
      type: "job.started",
      time: t(o.startMinAgo),
      job: o.id,
      agent: o.agent,
      data: { title: o.title, harness: o.harness, model: o.model, repo: "acme/app" },
    },
    {
      id: `${o.id}-u`,
      type: "job.usage",
      time: t(o.startMinAgo - 0.5),
      job: o.id,
      data: { model: o.model, input_tokens: 1000, output_tokens: 200, cost_usd: o.cost },
    },
  ];
  const end = t(o.startMinAgo - 3);
  if (o.outcome === "ok")
    events.push({ id: `${o.id}-e`, type: "job.completed", time: end, job: o.id, data: {} });
  if (o.outcome === "rate_limit" || o.outcome === "max_turns")
    events.push({
      id: `${o.id}-e`,
      type: "job.failed",
      time: end,
      job: o.id,
      data: {
        error:
          o.outcome === "rate_limit"
            ? { type: "rate_limit_error", message: "429 Too Many Requests: rate limit exceeded" }
            : { type: "max_turns", message: "Reached the maximum number of turns (40)" },
      },
    });
  return events;
}

test("headline, charts and needs attention follow the range", async ({ page, request }) => {
  const overview = new OverviewPage(page);
  const key = await freshProject(page, `overview-${Date.now()}`);
  const hb = (agent: string, minAgo: number, status: string) => ({
    id: `hb-${agent}-${minAgo}`,
    type: "agent.heartbeat",
    time: new Date(Date.now() - minAgo * MIN).toISOString(),
    agent,
    data: { status },
  });
  const common = { harness: "h-x", model: "m-one" };
  await postEvents(request, key, [
    // last hour: ov-a ran 3 jobs ($0.25 each): 2 ok, 1 rate-limited; it is busy now
    ...job({
      ...common,
      id: "a1",
      agent: "ov-a",
      startMinAgo: 25,
      cost: 0.25,
      outcome: "ok",
      title: "Fix login",
    }),
    ...job({
      ...common,
      id: "a2",
      agent: "ov-a",
      startMinAgo: 20,
      cost: 0.25,
      outcome: "ok",
      title: "Fix logout",
    }),
    ...job({
      ...common,
      id: "a3",
      agent: "ov-a",
      startMinAgo: 15,
      cost: 0.25,
      outcome: "rate_limit",
      title: "Bump deps",
    }),
    hb("ov-a", 1, "busy"),
    // 5 hours ago: ov-b ran 2 jobs ($1 each): 1 ok, 1 hit max turns
    ...job({
      id: "b1",
      agent: "ov-b",
      model: "m-two",
      harness: "h-x",
      startMinAgo: 300,
      cost: 1,
      outcome: "ok",
      title: "Docs",
    }),
    ...job({
      id: "b2",
      agent: "ov-b",
      model: "m-two",
      harness: "h-x",
      startMinAgo: 290,
      cost: 1,
      outcome: "max_turns",
      title: "Refactor",
    }),
    // 3 days ago: ov-c, one job ($2), ok
    ...job({
      id: "c1",
      agent: "ov-c",
      model: "m-two",
      harness: "h-y",
      startMinAgo: 3 * 1440,
      cost: 2,
      outcome: "ok",
      title: "Old",
    }),
    // 40 minutes ago: ov-d started a job ($0.10) and went silent: stalled
    ...job({
      id: "d1",
      agent: "ov-d",
      model: "m-one",
      harness: "h-y",
      startMinAgo: 40,
      cost: 0.1,
      outcome: "running",
      title: "Silent migration",
    }),
    hb("ov-e", 120, "idle"),
  ]);

  await overview.goto();
  // 24 hours: a1..a3, b1, b2, d1; 3 ok of 5 finished; $0.75 + $2 + $0.10; per success $2.85 / 3
  await expect(overview.stat("jobs")).toHaveText("6");
  await expect(overview.stat("success")).toHaveText("60.0%");
  await expect(overview.stat("spend")).toHaveText("$2.85");
  await expect(overview.stat("cost-per-success")).toHaveText("$0.95");
  await expect(overview.stat("agents")).toHaveText("3");
  await expect(overview.stat("issues")).toHaveText("2");
  await expect(page.getByTestId("chart-jobs")).toBeVisible();
  await expect(page.getByTestId("chart-spend")).toBeVisible();
  await expect(page.getByTestId("failures-chart")).toBeVisible();
  await expect(overview.attention("issues").getByTestId("attention-issues-count")).toHaveText("2");
  await expect(overview.attention("stalled").getByTestId("attention-stalled-count")).toHaveText("1");
  // silent for more than 30 minutes and seen this week: ov-b, ov-c, ov-d, ov-e (ov-a just sent a heartbeat)
  await expect(overview.attention("offline").getByTestId("attention-offline-count")).toHaveText("4");
  await expect(overview.attention("offline")).not.toContainText("ov-a");
  await shot(page, "overview-24h");

  // the last hour: a1..a3 and d1; 2 ok of 3 finished
  await overview.preset("1h");
  await expect(page).toHaveURL(/range=1h/);
  await expect(overview.stat("jobs")).toHaveText("4");
  await expect(overview.stat("success")).toHaveText("66.7%");
  // 7 days: c1 too (4 ok of 6 finished)
  await overview.preset("7d");
  await expect(overview.stat("jobs")).toHaveText("7");
  await expect(overview.stat("success")).toHaveText("66.7%");
  await shot(page, "overview-7d");

  // the series as CSV, for the same range (7 days): c1's success 3 days ago is in it
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("csv-overview").click(),
  ]);
  const csv = fs.readFileSync(await download.path(), "utf8").split("\r\n");
  expect(csv[0]).toBe("bucket,series,key,value");
  expect(csv.filter((l) => l.includes(",jobs,succeeded,")).length).toBeGreaterThanOrEqual(2);
  // m-two spent on two days at least (b1 and b2 today or across midnight, c1 three days ago)
  expect(csv.filter((l) => l.includes(",spend_usd,m-two,")).length).toBeGreaterThanOrEqual(2);

  // auto refresh lives in the URL too
  await page.getByTestId("auto-refresh").selectOption("30");
  await expect(page).toHaveURL(/refresh=30/);

  // a custom range of the last 4 days, kept by the sidebar's links (to the Jobs page here)
  const now = Date.now();
  await overview.custom(new Date(now - 4 * 1440 * MIN), new Date(now + 2 * MIN));
  await expect(page).toHaveURL(/range=custom.*from=/);
  await expect(overview.stat("jobs")).toHaveText("7");
  await page.getByTestId("nav-jobs").click();
  await expect(page).toHaveURL(/\/jobs\?.*range=custom/);
  await expect(page.getByTestId("job-row")).toHaveCount(7);
  await expect(page.getByTestId("range-custom")).toHaveAttribute("aria-pressed", "true");

  // needs attention links to the stalled job
  await overview.goto();
  await overview.attention("stalled").getByRole("link", { name: "Silent migration" }).click();
  await expect(page.getByTestId("job-title")).toHaveText("Silent migration");

  await page.emulateMedia({ colorScheme: "dark" });
  await overview.goto();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "overview-dark");
});

test("Overview and Costs show the same spend, and Costs says where it comes from", async ({
  page,
  request,
}) => {
  const overview = new OverviewPage(page);
  const key = await freshProject(page, `spend-${Date.now()}`);
  const t = (minAgo: number) => new Date(Date.now() - minAgo * MIN).toISOString();
  const usageJob = (id: string, minAgo: number, usage: object) => [
    {
      id: `${id}-s`,
      type: "job.started",
      time: t(minAgo),
      job: id,
      agent: "sp-a",
      data: { title: id, harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    { id: `${id}-u`, type: "job.usage", time: t(minAgo - 1), job: id, data: usage },
    { id: `${id}-e`, type: "job.completed", time: t(minAgo - 2), job: id, data: {} },
  ];
  const tokens = { model: "claude-sonnet-4-5", input_tokens: 100_000, output_tokens: 10_000 };
  await postEvents(request, key, [
    // the runner reports $3 for this one
    ...usageJob("reported", 20, { ...tokens, cost_usd: 3 }),
    // no cost sent: priced at $3 / $15 per million tokens = 0.1 x $3 + 0.01 x $15 = $0.45
    ...usageJob("priced", 15, tokens),
  ]);
  await overview.goto();
  await expect(overview.stat("spend")).toHaveText("$3.45");

  await page.getByTestId("nav-costs").click();
  await expect(page.getByTestId("kpi-spend-value")).toHaveText("$3.45");
  await expect(page.getByTestId("kpi-spend-sources")).toHaveText("reported $3.00 + computed $0.45");
  const sources = page.getByTestId("spend-sources");
  await expect(sources.getByTestId("source-reported-value")).toHaveText("$3.00");
  await expect(sources.getByTestId("source-priced-value")).toHaveText("$0.45");
  await expect(sources.getByTestId("source-unpriced-value")).toHaveText("0 events");
  await expect(sources.getByTestId("spend-window")).toContainText("in whole UTC hours");
  // the "By model" table adds up to the same figure
  const rows = page.getByTestId("groups-table").getByTestId("group-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("group-cost")).toHaveText("$3.45");
});
