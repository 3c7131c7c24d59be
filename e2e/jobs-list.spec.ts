// The Jobs list (issue 19, point 16): the total of jobs matching the filters, sorting by clicking a column
// header (on the server, kept in the URL), titles that use the room there is, the shared range picker, and a
// stacked card list on a phone.
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE });

const LONG_TITLE =
  "Alpha build of the payments service with the new ledger reconciliation, the retry budget and a changelog";

/** A job of `agent` started `minutesAgo` minutes ago that ran `seconds` and cost `cost` dollars. */
function job(run: string, title: string, minutesAgo: number, seconds: number, cost: number) {
  const t = (s: number) => new Date(Date.now() - minutesAgo * 60_000 + s * 1000).toISOString();
  const id = `${run}-${title.slice(0, 5).toLowerCase()}`;
  return [
    {
      id: `${id}-s`,
      type: "job.started",
      time: t(0),
      job: id,
      agent: "sorter",
      data: { title, harness: "codex", model: "gpt-5-codex" },
    },
    {
      id: `${id}-u`,
      type: "job.usage",
      time: t(1),
      job: id,
      data: { model: "gpt-5-codex", input_tokens: 100, output_tokens: 10, cost_usd: cost },
    },
    { id: `${id}-c`, type: "job.completed", time: t(seconds), job: id, data: {} },
  ];
}

test("the jobs list counts, sorts on the server by a header click, and takes the shared range", async ({
  page,
  request,
  jobsPage,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const run = `sort-${Date.now()}`;
  const key = await freshProject(page, run);
  // three jobs in the last hour, one three days ago (outside the default 24 hours, inside 7 days)
  await postEvents(request, key, [
    ...job(run, LONG_TITLE, 50, 60, 0.3),
    ...job(run, "Bravo deploy", 40, 600, 2.5),
    ...job(run, "Charlie review", 30, 120, 1),
    ...job(run, "Delta audit", 3 * 1440, 30, 0.1),
  ]);
  const titles = () => jobsPage.rows().getByTestId("job-link").locator("span:first-child").allTextContents();
  const count = page.getByTestId("jobs-count");

  await jobsPage.goto();
  await expect(jobsPage.rows()).toHaveCount(3);
  // newest first by default; the total counts what matches the filters
  expect(await titles()).toEqual(["Charlie review", "Bravo deploy", LONG_TITLE]);
  await expect(count).toHaveText("1–3 of 3 jobs");
  await expect(page.getByTestId("range-24h")).toHaveAttribute("aria-pressed", "true");

  // the long title takes the room the other columns leave (it was held to 17rem = 272 px), and the full
  // text is in its title attribute
  const longTitle = jobsPage.row("Alpha build").getByTestId("job-link").locator("span").first();
  await expect(longTitle).toHaveAttribute("title", LONG_TITLE);
  expect((await longTitle.boundingBox())?.width ?? 0).toBeGreaterThan(400);

  // a click on Cost sorts dearest first: 2.50, 1.00, 0.30; a second click cheapest first
  await page.getByTestId("sort-cost").click();
  await expect(page).toHaveURL(/sort=cost/);
  await expect(jobsPage.rows().first()).toContainText("Bravo deploy");
  expect(await titles()).toEqual(["Bravo deploy", "Charlie review", LONG_TITLE]);
  await expect(page.locator("th[aria-sort=descending]")).toContainText("Cost");
  await page.getByTestId("sort-cost").click();
  await expect(page).toHaveURL(/sort=cost.*dir=asc|dir=asc.*sort=cost/);
  await expect(jobsPage.rows().first()).toContainText("Alpha build");
  expect(await titles()).toEqual([LONG_TITLE, "Charlie review", "Bravo deploy"]);

  // Duration, longest first: 600 s, 120 s, 60 s
  await page.getByTestId("sort-duration").click();
  await expect(jobsPage.rows().first()).toContainText("Bravo deploy");
  expect(await titles()).toEqual(["Bravo deploy", "Charlie review", LONG_TITLE]);

  // Job (the title), A to Z; the order is the server's: it survives a reload
  await page.getByTestId("sort-title").click();
  await expect(page).toHaveURL(/sort=title/);
  await expect(jobsPage.rows().first()).toContainText("Alpha build");
  await page.reload();
  expect(await titles()).toEqual([LONG_TITLE, "Bravo deploy", "Charlie review"]);
  await shot(page, "jobs-list-sorted-1440");

  // the shared range picker: 7 days brings the three-day-old job in, with the sort kept
  await page.getByTestId("range-7d").click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(count).toHaveText("1–4 of 4 jobs");
  expect(await titles()).toEqual([LONG_TITLE, "Bravo deploy", "Charlie review", "Delta audit"]);
  await page.getByTestId("range-1h").click();
  await expect(count).toHaveText("1–3 of 3 jobs");
  await page.getByTestId("range-all").click();
  await expect(count).toHaveText("1–4 of 4 jobs");
  // a filter narrows the total too
  await jobsPage.filterStatus("failed");
  await expect(page.getByTestId("jobs-empty")).toBeVisible();
  await expect(count).toHaveText("0 jobs");

  // on a phone: stacked cards (no sideways scroll), sorted from a menu
  await page.setViewportSize({ width: 390, height: 844 });
  await jobsPage.goto("?range=7d");
  await expect(page.getByTestId("job-card")).toHaveCount(4);
  await expect(page.getByTestId("jobs-table")).toBeHidden();
  await page.getByTestId("jobs-sort-select").selectOption("cost");
  await expect(page).toHaveURL(/sort=cost/);
  await expect(page.getByTestId("job-card").first()).toContainText("Bravo deploy");
  await page.getByTestId("jobs-sort-dir").click();
  await expect(page.getByTestId("job-card").first()).toContainText("Delta audit");
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
  await shot(page, "jobs-list-390");
});
