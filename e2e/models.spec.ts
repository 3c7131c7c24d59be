// The Models page: the model x harness matrix, the variance figures, the drill-down from a cell to its jobs,
// the comparison of two models on shared repos, and the CSV exports. A project of its own keeps figures exact.
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { ModelsPage } from "./pages/models";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const MIN = 60_000;

// model, harness, jobs, ok, failed, cost per job, repo of job i
const CELLS = [
  ["m-alpha", "h-one", 12, 10, 2, 0.5, (i: number) => (i <= 6 ? "acme/api" : "acme/web")],
  ["m-beta", "h-one", 10, 5, 5, 0.2, () => "acme/api"],
  ["m-alpha", "h-two", 10, 9, 1, 0.4, () => "acme/docs"],
  ["m-beta", "h-two", 10, 6, 4, 0.1, () => "acme/web"],
  ["m-gamma", "h-two", 4, 3, 1, 1, () => "acme/api"],
] as const;

function fleet(): object[] {
  const t = (ms: number) => new Date(Date.now() - ms).toISOString();
  const events: object[] = [];
  CELLS.forEach(([model, harness, n, ok, , cost, repo], c) => {
    for (let i = 1; i <= n; i++) {
      const id = `${model}-${harness}-${i}`;
      const start = (20 * 60 - c * 180 - i * 10) * MIN; // all within the last 20 hours
      events.push(
        {
          id: `${id}-s`,
          type: "job.started",
          time: t(start),
          job: id,
          agent: `agent-${c}`,
          data: { title: `${model} ${harness} #${i}`, harness, harness_version: "1.0", model, repo: repo(i) },
        },
        {
          id: `${id}-u`,
          type: "job.usage",
          time: t(start - 30_000),
          job: id,
          data: { model, input_tokens: 1000, output_tokens: 100, cost_usd: cost },
        },
        i <= ok
          ? { id: `${id}-e`, type: "job.completed", time: t(start - i * MIN), job: id, data: {} }
          : {
              id: `${id}-e`,
              type: "job.failed",
              time: t(start - i * MIN),
              job: id,
              data: { error: { type: "max_turns", message: "Reached the maximum number of turns (40)" } },
            },
      );
    }
  });
  return events;
}

test("matrix, variance, drill-down to the jobs, compare and CSV", async ({ page, request, jobsPage }) => {
  const models = new ModelsPage(page);
  const key = await freshProject(page, `models-${Date.now()}`);
  await postEvents(request, key, fleet());

  await models.goto();
  await expect(page.getByTestId("matrix-cell")).toHaveCount(5);
  // 10 of 12, 5 of 10, 9 of 10, 6 of 10; m-gamma has 4 finished jobs: shown, marked, not ranked
  await expect(models.cell("m-alpha", "h-one").getByTestId("cell-value")).toHaveText("83.3%");
  await expect(models.cell("m-beta", "h-one").getByTestId("cell-value")).toHaveText("50.0%");
  await expect(models.cell("m-gamma", "h-two").getByTestId("few-jobs")).toBeVisible();
  await expect(models.cell("m-alpha", "h-one").getByTestId("few-jobs")).toHaveCount(0);
  // variance of success rates: across models (1/36 + 9/400) / 2 against across harnesses (1/900 + 1/400) / 2
  await expect(page.getByTestId("variance-success-ratio")).toHaveText("13.9×");
  // sd across models: sqrt(0.025139) = 15.9 pts; across harnesses sqrt(0.0018056) = 4.2 pts
  await expect(page.getByTestId("variance-success-models")).toContainText("15.9 pts");
  await expect(page.getByTestId("variance-success-harnesses")).toContainText("4.2 pts");
  await expect(page.getByTestId("variance-definition")).toContainText("at least 10 finished jobs");
  await expect(page.getByTestId("cell-row")).toHaveCount(5);
  await shot(page, "models-matrix");

  // another metric: cost per success, $6 / 10 for m-alpha on h-one
  await models.metric("Cost per success");
  await expect(page).toHaveURL(/metric=cost_per_success_usd/);
  await expect(models.cell("m-alpha", "h-one").getByTestId("cell-value")).toHaveText("$0.60");

  // the range changes the matrix: nothing started in the last hour
  await page.getByTestId("range-1h").click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByTestId("matrix-empty")).toBeVisible();
  await page.getByTestId("range-7d").click();
  await expect(page.getByTestId("matrix-cell")).toHaveCount(5);

  // drill-down: the cell opens the Jobs page filtered by model, harness and the same range
  await models.cell("m-beta", "h-two").click();
  await expect(page).toHaveURL(/\/jobs\?.*range=7d/);
  await expect(page).toHaveURL(/model=m-beta/);
  await expect(page).toHaveURL(/harness=h-two/);
  await expect(jobsPage.rows()).toHaveCount(10);
  await expect(page.getByTestId("filter-model")).toHaveValue("m-beta");
  await expect(page.getByTestId("filter-harness")).toHaveValue("h-two");
  await shot(page, "models-drilldown-jobs");

  // compare m-alpha with m-beta on the repos both worked on: acme/api and acme/web (not acme/docs)
  await models.goto();
  await models.compare({ a: "m-alpha", b: "m-beta" });
  await expect(page.getByTestId("compare-summary")).toContainText("2 repos");
  await expect(page.getByTestId("compare-a-jobs")).toHaveText("12 / 22");
  await expect(page.getByTestId("compare-b-jobs")).toHaveText("20 / 20");
  // 10/12 against 11/20: +28.3 pts
  await expect(page.getByTestId("compare-summary")).toContainText("+28.3 pts");
  await expect(page.getByTestId("compare-key")).toHaveCount(2);
  await expect(page).toHaveURL(/a=m-alpha&b=m-beta/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "models-compare");

  // CSV exports
  const matrix = await models.download("csv-matrix");
  expect(matrix.name).toMatch(/^models-matrix-24h-\d{4}-\d\d-\d\d\.csv$/);
  const lines = matrix.text.trim().split("\r\n");
  expect(lines).toHaveLength(6);
  expect(lines.find((l) => l.startsWith("m-alpha,h-one,"))).toMatch(/^m-alpha,h-one,12,12,10,2,0,0,0\.8333/);
  const compare = await models.download("csv-compare");
  expect(compare.text.split("\r\n")[1]).toMatch(/^a,m-alpha,\(all shared work\),22,12,/);

  await page.emulateMedia({ colorScheme: "dark" });
  await models.goto();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "models-dark");
});
