// Transcript search from the Jobs page: matches newest first with their jobs, and a page that stays usable
// while a search is still running.
import type { Route } from "@playwright/test";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A job titled `title` started `minutesAgo` minutes ago whose one message says `text`. */
function job(name: string, title: string, minutesAgo: number, text: string) {
  return [
    {
      id: `${name}-s`,
      type: "job.started",
      time: ago(minutesAgo),
      job: name,
      agent: "searcher",
      data: { title, harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    {
      id: `${name}-m`,
      type: "job.message",
      time: ago(minutesAgo - 1),
      job: name,
      data: { role: "assistant", text },
    },
  ];
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  const { SettingsPage } = await import("./pages/settings");
  const key = await new SettingsPage(page).createIngestKey("search");
  await postEvents(page.request, key, [
    // titles without the word: a job's title is the text of its "started" entry, which search also finds
    ...job("watch-1", "Pier watch", 120, "the narwhal surfaced near the pier"),
    ...job("watch-2", "Harbour watch", 60, "a second narwhal sighting, closer"),
    ...job("watch-3", "Otter count", 30, "an otter and nothing else"),
  ]);
  await page.close();
});

test("search transcripts from the Jobs page: matches newest first, their jobs, a phrase", async ({
  page,
  jobsPage,
}) => {
  await jobsPage.goto("?range=24h");
  await jobsPage.search("narwhal");
  await expect(page).toHaveURL(/q=narwhal/);
  // newest first: Harbour watch (its message 59 min ago), then Pier watch (119 min ago); never the otter
  await expect(jobsPage.hits()).toHaveCount(2);
  await expect(jobsPage.hits().nth(0)).toContainText("Harbour watch");
  await expect(jobsPage.hits().nth(1)).toContainText("Pier watch");
  await expect(jobsPage.hits().nth(0).locator("mark")).toHaveText("narwhal");
  await expect(jobsPage.rows()).toHaveCount(2);
  await expect(jobsPage.row("Otter count")).toHaveCount(0);
  await shot(page, "search-jobs-page");

  await jobsPage.search('"second narwhal"');
  await expect(jobsPage.hits()).toHaveCount(1);
  await expect(jobsPage.hits().first()).toContainText("Harbour watch");
  await expect(jobsPage.rows()).toHaveCount(1);
});

test("the Jobs page stays usable while a search is still running", async ({ page, jobsPage }) => {
  // hold the browser's search requests (the real ones, released later) to stand for a search that takes long
  const held: Route[] = [];
  const hold = (route: Route) => {
    held.push(route);
  };
  await page.route("**/api/v1/search?**", hold);
  await page.route(/\/api\/v1\/jobs\?.*search=/, hold);

  // the page itself renders at once (the server does not wait for the search) and shows the search in flight
  await jobsPage.goto("?range=24h&q=narwhal");
  await expect(page.getByTestId("transcript-hits-loading")).toBeVisible();
  await expect.poll(() => held.length).toBeGreaterThanOrEqual(2);

  // the filters still answer, and the sidebar still navigates, while the search is pending
  await page.getByTestId("filter-status").selectOption("running");
  await expect(page).toHaveURL(/status=running/);
  await page.getByRole("link", { name: "Agents", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible({ timeout: 5_000 });

  // back on the page, with the requests let through, the search completes
  await page.unroute("**/api/v1/search?**");
  await page.unroute(/\/api\/v1\/jobs\?.*search=/);
  for (const route of held) await route.continue().catch(() => {}); // some were cancelled by the navigation
  await jobsPage.goto("?range=24h&q=narwhal");
  await expect(jobsPage.hits()).toHaveCount(2);
});
