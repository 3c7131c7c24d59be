// The job page's Timeline: a waterfall of the job's tool calls, whose bars scroll the transcript to the call.
import type { Page } from "@playwright/test";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, SHOTS, test } from "./fixtures";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const JOB = `timeline-${Date.now()}`;
// 4 minutes back: the calls span 3 min 12 s, all in the past (ingest refuses times an hour ahead), and the job
// is still running, not stalled
const t0 = Date.now() - 4 * 60_000;
const at = (ms: number) => new Date(t0 + ms).toISOString();
const TOOLS = ["Read", "Grep", "Glob", "Bash", "Edit"];

/**
 * A running job with 20 tool calls, each after 3 chatty messages (so the last calls sit far down the
 * transcript): call i starts at 10 s * i and takes (i % 5 + 1) * 800 ms; call 7 fails; call 19 is still open.
 */
function job() {
  const events: object[] = [
    {
      id: `${JOB}-start`,
      type: "job.started",
      time: at(0),
      job: JOB,
      agent: "timeline-agent",
      data: { title: "Trace the flaky login test", harness: "claude-code", model: "claude-sonnet-4-5" },
    },
  ];
  for (let i = 0; i < 20; i++) {
    const s = 10_000 * i + 1000;
    for (let m = 0; m < 3; m++)
      events.push({
        id: `${JOB}-m${i}-${m}`,
        type: "job.message",
        time: at(s - 900 + m * 100),
        job: JOB,
        data: { role: "assistant", text: `Step ${i}.${m}: looking at the next file before calling a tool.` },
      });
    const tool = TOOLS[i % 5] as string;
    events.push({
      id: `${JOB}-call${i}`,
      type: "job.tool_call",
      time: at(s),
      job: JOB,
      data: { call_id: `c${i}`, tool, input: { path: `src/file-${i}.ts` } },
    });
    if (i < 19)
      events.push({
        id: `${JOB}-result${i}`,
        type: "job.tool_result",
        time: at(s + ((i % 5) + 1) * 800),
        job: JOB,
        data: { call_id: `c${i}`, output: `result ${i}`, is_error: i === 7 },
      });
  }
  return events;
}

async function openJob(page: Page) {
  await page.goto(`/jobs/${encodeURIComponent(JOB)}`);
  await expect(page.getByTestId("job-timeline")).toBeVisible();
  await expect(page.getByTestId("transcript")).toBeVisible();
}

test("a job's tool calls show as a waterfall, and a bar scrolls the transcript to its call", async ({
  page,
  request,
}) => {
  const key = await freshProject(page, `timeline-${Date.now().toString(36)}`);
  await postEvents(request, key, job());
  await page.setViewportSize({ width: 1440, height: 900 });
  await openJob(page);
  const timeline = page.getByTestId("job-timeline");
  // 20 calls, 1 failed; the first 15 drawn until "show all"
  await expect(timeline).toContainText("20 tool calls, 1 failed");
  await expect(timeline.getByTestId("waterfall-row")).toHaveCount(15);
  // call 0 (Read, 1 * 800 ms), call 3 (Bash, 4 * 800 ms = 3.2 s), call 7 (Glob, 3 * 800 ms, failed)
  const rows = timeline.getByTestId("waterfall-row");
  await expect(rows.nth(0)).toContainText("Read");
  await expect(rows.nth(0)).toContainText("800 ms");
  await expect(rows.nth(3)).toContainText("3.2 s");
  await expect(rows.nth(7).getByTestId("waterfall-bar")).toHaveAttribute("data-status", "error");
  // hovering a bar tells its start, end and duration
  await rows.nth(3).hover();
  await expect(timeline.getByTestId("waterfall-tooltip")).toContainText("Duration 3.2 s");
  await expect(timeline.getByTestId("waterfall-tooltip")).toContainText("Start");
  await page.screenshot({ path: `${SHOTS}/timeline-1440-hover.png` });

  await timeline.getByTestId("waterfall-show-all").click();
  await expect(rows).toHaveCount(20);
  // the last call has no result and the job runs: an open, running bar
  await expect(rows.nth(19).getByTestId("waterfall-bar")).toHaveAttribute("data-status", "running");
  await expect(rows.nth(19)).toContainText("running");

  // clicking call 18 (Bash) scrolls the transcript down to it and highlights it
  const target = page.locator(`[id="entry-${JOB}-call18"]`);
  await expect(target).toHaveCount(0); // far down a virtualised transcript: not rendered yet
  await rows.nth(18).click();
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/ring-2/);

  // from the Raw events tab, a bar opens the transcript at the call (by keyboard)
  await page.getByTestId("tab-events").click();
  await expect(page.getByTestId("transcript")).toHaveCount(0);
  await rows.nth(2).focus();
  await expect(timeline.getByTestId("waterfall-tooltip")).toBeVisible();
  await page.keyboard.press("Enter");
  const glob = page.locator(`[id="entry-${JOB}-call2"]`);
  await expect(glob).toBeInViewport();
  await expect(glob).toHaveClass(/ring-2/);
});

test("the timeline reads at phone width and in dark mode", async ({ page, request }) => {
  const key = await freshProject(page, `timeline-phone-${Date.now().toString(36)}`);
  await postEvents(request, key, job());
  const look = async (name: string) => {
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };
  await page.setViewportSize({ width: 1440, height: 900 });
  await openJob(page);
  await look("timeline-1440-light");
  await page.setViewportSize({ width: 390, height: 844 });
  // never wider than the screen: no sideways scroll of the page
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await look("timeline-390-light");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await look("timeline-390-dark");
  await page.setViewportSize({ width: 1440, height: 900 });
  await look("timeline-1440-dark");
});

test("a job with 2,000 tool calls draws only the rows in view of its scrolling box", async ({
  page,
  request,
}) => {
  const key = await freshProject(page, `timeline-long-${Date.now().toString(36)}`);
  const long = `${JOB}-long`;
  const start = Date.now() - 50 * 60_000;
  const iso = (ms: number) => new Date(start + ms).toISOString();
  const events: object[] = [
    {
      id: `${long}-start`,
      type: "job.started",
      time: iso(0),
      job: long,
      agent: "timeline-agent",
      data: { title: "Sweep the whole repository", harness: "claude-code" },
    },
  ];
  // call i at 1 s * i + 1 s, answered 400 ms later; the job completes after the last one
  for (let i = 0; i < 2000; i++) {
    const s = 1000 * i + 1000;
    events.push(
      {
        id: `${long}-c${i}`,
        type: "job.tool_call",
        time: iso(s),
        job: long,
        data: { call_id: `l${i}`, tool: `Read ${i}` },
      },
      {
        id: `${long}-r${i}`,
        type: "job.tool_result",
        time: iso(s + 400),
        job: long,
        data: { call_id: `l${i}` },
      },
    );
  }
  events.push({ id: `${long}-done`, type: "job.completed", time: iso(2_002_000), job: long, data: {} });
  await postEvents(request, key, events);
  await page.goto(`/jobs/${encodeURIComponent(long)}`);
  const timeline = page.getByTestId("job-timeline");
  await expect(timeline).toContainText("2,000 tool calls");
  const rows = timeline.getByTestId("waterfall-row");
  await expect(rows).toHaveCount(15);
  await timeline.getByTestId("waterfall-show-all").click();
  const box = timeline.getByTestId("waterfall-scroll");
  await expect(box).toBeVisible();
  // 28 rem of ~32 px rows plus overscan: a few dozen rows mounted, not 2,000
  await expect(rows.first()).toContainText("Read 0");
  expect(await rows.count()).toBeLessThan(80);
  await box.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const last = rows.filter({ hasText: "Read 1999" });
  await expect(last).toBeVisible();
  expect(await rows.count()).toBeLessThan(80);
  // its bar opens the transcript at call 1999, entry 3,999 of 4,002 (loaded page by page)
  await last.click();
  const entry = page.locator(`[id="entry-${long}-c1999"]`);
  await expect(entry).toBeInViewport({ timeout: 20_000 });
  await expect(entry).toHaveClass(/ring-2/);
});
