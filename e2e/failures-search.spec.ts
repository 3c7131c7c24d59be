// The Failures page (issue 19, point 14): the chart keeps its height whatever the breakdown holds, so the issue
// list starts above the fold at 1440x900; the search box (?q=) narrows the list, the chart and the breakdown
// alike; a query that does not parse says why under the box.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { CORPUS } from "@/tests/fixtures/failures/corpus";
import { failingJob, postEvents } from "./events";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE });

const SHOTS = "/work/notes/shots/failures";
const RESET = "read ECONNRESET: connection reset by peer";

/** One message of each class the hand-labelled corpus has (plain messages only): a tall breakdown. */
function oneOfEachClass(): string[] {
  const seen = new Map<string, string>();
  for (const e of CORPUS)
    if (!e.hard && !e.code && !e.exitCode && !e.tool && !e.type && !seen.has(e.label))
      seen.set(e.label, e.message);
  return [...seen.values()];
}

async function save(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

test("the issue list starts above the fold; search narrows list, chart and breakdown", async ({
  page,
  request,
}) => {
  const key = await freshProject(page, `failures-search-${Date.now().toString(36)}`);
  const messages = oneOfEachClass();
  await postEvents(request, key, [
    ...messages.flatMap((m, i) => failingJob("scout", m, 10 + i)),
    ...failingJob("ranger", RESET, 5),
    ...failingJob("ranger", RESET, 4),
  ]);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/failures");
  const rows = page.getByTestId("issue-row");
  await expect(rows.first()).toBeVisible();
  const breakdown = page.getByTestId("class-breakdown").locator("tr");
  // a class per corpus label (17 today), every one failed once or more in the last 24 hours
  expect(await breakdown.count()).toBeGreaterThanOrEqual(12);
  // the chart's card keeps the chart's height (about 300 px) instead of stretching to 17 breakdown rows
  const chartCard = page
    .getByTestId("failures-chart")
    .locator("xpath=ancestor::div[contains(@class,'rounded-lg')][1]");
  const chartBox = await chartCard.boundingBox();
  expect(chartBox?.height).toBeLessThan(400);
  // and the first issue is on the first screen
  const first = await rows.first().boundingBox();
  expect((first?.y ?? 9999) + (first?.height ?? 0)).toBeLessThanOrEqual(900);
  await save(page, "failures-1440x900");

  // the search: ranger's connection resets only; the breakdown and chart follow the list
  const search = page.getByTestId("issue-search");
  await search.fill('agent:ranger "connection reset"');
  await search.press("Enter");
  await expect(page).toHaveURL(/q=agent(:|%3A)ranger/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("ECONNRESET");
  await expect(breakdown).toHaveCount(1);
  await expect(breakdown.first()).toContainText("infra");
  await expect(breakdown.first()).toContainText("2"); // two failed jobs of that issue
  await save(page, "failures-search-1440x900");
  // the URL carries it: a reload shows the same
  await page.reload();
  await expect(search).toHaveValue('agent:ranger "connection reset"');
  await expect(rows).toHaveCount(1);

  // is: in the search takes the place of the state select
  await search.fill("is:resolved");
  await search.press("Enter");
  await expect(page.getByTestId("filter-state")).toBeDisabled();
  await expect(page.getByTestId("issues-empty")).toBeVisible();

  // a query that does not parse: said under the box, nothing listed
  await search.fill("assignee:me timeout");
  await search.press("Enter");
  await expect(page.getByTestId("issue-search-error")).toHaveText(
    'Unknown qualifier "assignee:". Use is:, agent:, model:, harness:, class:, or put text with a colon in quotes.',
  );
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId("issues-empty")).toHaveText("Fix the search above to list issues.");
  await save(page, "failures-search-error-1440x900");

  // the class select narrows the breakdown too
  await search.fill("");
  await search.press("Enter");
  await page.getByTestId("filter-class").selectOption("infra");
  await expect(breakdown).toHaveCount(1);
  await expect(breakdown.first()).toContainText("infra");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/failures");
  await expect(rows.first()).toBeVisible();
  await save(page, "failures-390x844");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await save(page, "failures-390x844-bottom");
});
