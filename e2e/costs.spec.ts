// Costs: unpriced usage flagged, a price added and changed in Settings and re-applied to history, budgets with
// burn, filters in the URL and CSV exports. Each test sends its own agents and models, so figures are exact.
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { CostsPage, PricesPage } from "./pages/costs";

test.use({ storageState: ADMIN_STATE });

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** A job of `agent` on `model` with one usage event (`cost` omitted: the price table prices it). */
function jobWithUsage(
  o: {
    job: string;
    agent: string;
    model: string;
    harness?: string;
    input: number;
    output: number;
    cost?: number;
  },
  msAgo = 10 * 60_000,
) {
  return [
    {
      id: `${o.job}-s`,
      type: "job.started",
      time: iso(msAgo + 60_000),
      job: o.job,
      agent: o.agent,
      data: { title: `Job ${o.job}`, harness: o.harness ?? "looper", model: o.model },
    },
    {
      id: `${o.job}-u`,
      type: "job.usage",
      time: iso(msAgo),
      job: o.job,
      data: {
        model: o.model,
        input_tokens: o.input,
        output_tokens: o.output,
        ...(o.cost === undefined ? {} : { cost_usd: o.cost }),
      },
    },
    { id: `${o.job}-c`, type: "job.completed", time: iso(msAgo - 1000), job: o.job, data: {} },
  ];
}

test("unpriced usage is flagged; a price added and then changed re-prices history", async ({
  page,
  request,
  settingsPage,
}) => {
  const costs = new CostsPage(page);
  const prices = new PricesPage(page);
  const model = `acme-e2e-${Date.now()}`;
  const key = await settingsPage.createIngestKey("costs");
  // 1M input and 0.5M output tokens, no cost_usd, of a model the table does not know
  await postEvents(
    request,
    key,
    jobWithUsage({ job: `${model}-job`, agent: "pricer", model, input: 1_000_000, output: 500_000 }),
  );

  await costs.goto({ model });
  await expect(costs.kpi("unpriced")).toHaveText("1");
  await expect(page.getByTestId("unpriced-models")).toContainText(`${model} (1)`);
  await expect(costs.kpi("spend")).toHaveText("$0");

  // $1 / $2 per million tokens from 2020: 1 x $1 + 0.5 x $2 = $2.00 once re-applied
  await prices.goto();
  await prices.addModel({ provider: "acme", model, from: "2020-01-01", input: 1, output: 2 });
  await expect(prices.rows(model)).toHaveCount(1);
  await prices.reapply("2020-01-01");
  await costs.goto({ model });
  await expect(costs.kpi("spend")).toHaveText("$2.00");
  await expect(costs.kpi("unpriced")).toHaveText("0");

  // a price change from two days ago, before the usage: $3 / $4 gives 1 x $3 + 0.5 x $4 = $5.00
  await prices.goto();
  await prices.newPrice(model, { from: day(2), input: 3, output: 4 });
  await expect(prices.rows(model)).toHaveCount(2);
  await expect(prices.rows(model).first().getByTestId("price-from")).toHaveText(day(2));
  await shot(page, "30-model-prices");
  // saved, not yet applied to what is stored
  await costs.goto({ model });
  await expect(costs.kpi("spend")).toHaveText("$2.00");
  await prices.goto();
  await page.getByTestId("reprice-from").fill(day(2));
  await prices.reapply(day(2));
  await costs.goto({ model });
  await expect(costs.kpi("spend")).toHaveText("$5.00");
  await expect(page.getByTestId("top-job-row").first().getByTestId("top-job-cost")).toHaveText("$5.00");
});

test("budgets show burn against each, with their state", async ({ page, request, settingsPage }) => {
  const costs = new CostsPage(page);
  const agent = `budgeted-${Date.now()}`;
  const key = await settingsPage.createIngestKey("budgets");
  await postEvents(
    request,
    key,
    jobWithUsage(
      { job: `${agent}-1`, agent, model: "claude-sonnet-4-5", input: 1000, output: 100, cost: 3 },
      5000,
    ),
  );
  await costs.goto();
  await costs.addBudget({
    name: `${agent} daily`,
    scope: "agent",
    target: agent,
    period: "daily",
    amount: 4,
    warn: 50,
  });
  const daily = costs.budget(`${agent} daily`);
  await expect(daily.getByTestId("budget-burn")).toHaveText("$3.00 of $4.00 (75%)");
  // 75% is past the 50% warning level: at risk, whatever the forecast
  await expect(daily.getByTestId("budget-state")).toHaveText("at risk");
  // The badge follows the forecast: $3 spent this month (UTC, the project's zone) forecasts
  // $3 x days in the month / days gone. A budget between the two, warning at 100%, is "at risk" while the spend
  // is still under its warning level (the old badge said "ok").
  const now = new Date();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const monthly = (3 * (monthEnd - monthStart)) / Math.max(now.getTime() - monthStart, 3_600_000);
  // In the last hours of a month the forecast is within cents of the spend: no budget fits between them. Only this
  // case waits for another hour then (annotated in the report); the rest of the test always runs, and
  // lib/costs/budgets.test.ts checks the same rule with fixed clocks.
  if (monthly - 3 >= 0.1) {
    const heading = Math.floor(((3 + monthly) / 2) * 100) / 100;
    await costs.addBudget({
      name: `${agent} heading`,
      scope: "agent",
      target: agent,
      period: "monthly",
      amount: heading,
      warn: 100,
    });
    const headingRow = costs.budget(`${agent} heading`);
    await expect(headingRow.getByTestId("budget-state")).toHaveText("at risk");
    await expect(headingRow.getByTestId("budget-state")).toHaveAttribute("title", /run rate/);
    await expect(headingRow.getByTestId("budget-forecast")).toContainText("over by");
  } else {
    test.info().annotations.push({
      type: "not checked",
      description: "at risk by forecast alone: the month ends within hours, the forecast equals the spend",
    });
  }
  await costs.addBudget({
    name: `${agent} tight`,
    scope: "agent",
    target: agent,
    period: "monthly",
    amount: 2,
    warn: 80,
  });
  const tight = costs.budget(`${agent} tight`);
  await expect(tight.getByTestId("budget-burn")).toHaveText("$3.00 of $2.00 (150%)");
  await expect(tight.getByTestId("budget-state")).toHaveText("over");
  await expect(tight.getByTestId("budget-forecast")).toContainText("over by");
  await shot(page, "31-costs-budgets");
  await tight.getByTestId("budget-delete").click();
  await expect(tight).toHaveCount(0);
  await expect(daily).toHaveCount(1);
});

test("filters live in the URL and each section exports its CSV", async ({ page, request, settingsPage }) => {
  const costs = new CostsPage(page);
  const harness = `csv-harness-${Date.now()}`;
  const key = await settingsPage.createIngestKey("csv");
  await postEvents(request, key, [
    ...jobWithUsage({
      job: `${harness}-a`,
      agent: "exporter",
      model: "gpt-5-codex",
      harness,
      input: 500,
      output: 50,
      cost: 1.25,
    }),
    ...jobWithUsage({
      job: `${harness}-b`,
      agent: "=cmd|evil",
      model: "gpt-5-codex",
      harness,
      input: 100,
      output: 10,
      cost: 0.5,
    }),
  ]);
  await costs.goto({ harness });
  await expect(costs.kpi("spend")).toHaveText("$1.75");
  await page.getByTestId("group-by").selectOption("agent");
  await expect(page).toHaveURL(/groupBy=agent/);
  await expect(page).toHaveURL(new RegExp(`harness=${harness}`));
  await expect(page.getByTestId("groups-table").getByTestId("group-row").first()).toContainText("exporter");
  await page.getByTestId("bucket").selectOption("hour");
  await expect(page).toHaveURL(/bucket=hour/);
  await expect(page.getByTestId("spend-chart")).toBeVisible();
  await shot(page, "32-costs");

  const groups = await costs.download("csv-groups");
  expect(groups.name).toMatch(/^fleetwatch-costs-by-agent-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.csv$/);
  const lines = groups.text.trim().split("\r\n");
  expect(lines[0]).toBe(
    "agent,cost_usd,reported_cost_usd,computed_cost_usd,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,usage_events,unpriced_events,cache_hit_rate",
  );
  expect(lines[1]).toMatch(/^exporter,1\.25,1\.25,[\d.]+,500,50,0,0,1,0,0$/);
  expect(lines[2]).toMatch(/^'=cmd\|evil,0\.5,/);

  const series = await costs.download("csv-series");
  expect(series.name).toMatch(/^fleetwatch-costs-series-by-agent-/);
  expect(series.text).toMatch(/^bucket_start,agent,cost_usd,/);
  expect(series.text).toMatch(/\r\n\d{4}-\d{2}-\d{2}T\d{2}:00:00Z,exporter,1\.25,/);

  const jobs = await costs.download("csv-jobs");
  expect(jobs.name).toMatch(/^fleetwatch-costs-top-jobs-/);
  expect(jobs.text.split("\r\n")[1]).toContain(
    `${harness}-a,Job ${harness}-a,succeeded,exporter,gpt-5-codex,${harness},false,`,
  );

  // the URL carries the view: a reload shows the same
  await page.reload();
  await expect(page.getByTestId("group-by")).toHaveValue("agent");
  await expect(page.getByTestId("bucket")).toHaveValue("hour");
});
