// Schedules in the browser: a runner-declared every-10-minutes schedule whose slots went on time, failed,
// missed and late shows a missed cell on /schedules and a missed slot on its page; a schedule declared in
// Settings > Schedules appears with its cron in words. Screenshots light and dark, 1440 and 390 wide.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const SHOTS = "/work/notes/shots/schedules";
async function shots(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${SHOTS}/${name}-${scheme}-${w}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 900 });
}

const TEN = 10 * 60_000;

test("the Schedules page shows a missed run, and a schedule declared in Settings", async ({ page }) => {
  const key = await freshProject(page, "sched-e2e");
  // the slots of "*/10 * * * *" before now: s0 = 40 min back ... s3 = 10 min back (grace 60 s each)
  const s = (k: number) => Math.floor(Date.now() / TEN) * TEN - (4 - k) * TEN;
  const trigger = { kind: "cron", name: "sweeper", schedule: "*/10 * * * *" };
  const job = (id: string, startMs: number, end: "completed" | "failed") => [
    {
      id: `${id}-s`,
      type: "job.started",
      time: new Date(startMs).toISOString(),
      job: id,
      agent: "sweep-bot",
      data: { harness: "codex", trigger, title: `Sweep ${id}` },
    },
    {
      id: `${id}-e`,
      type: `job.${end}`,
      time: new Date(startMs + 30_000).toISOString(),
      job: id,
      data: end === "failed" ? { error: { message: "disk full" } } : {},
    },
  ];
  const run = `sw-${Date.now()}`;
  await postEvents(page.request, key, [
    ...job(`${run}-0`, s(0) + 20_000, "completed"), // s0: on time
    ...job(`${run}-1`, s(1) + 10_000, "failed"), // s1: failed
    // s2: nothing → missed
    ...job(`${run}-3`, s(3) + 4 * 60_000, "completed"), // s3: 4 min late (grace 1 min) → late
  ]);

  await page.goto("/schedules");
  const row = page.getByTestId("schedule-row").filter({ hasText: "sweeper" });
  await expect(row.getByTestId("schedule-words")).toHaveText("Every 10 minutes, UTC time");
  const cells = row.getByTestId("slot-cell");
  // the first four cells, oldest first (a fifth, the current slot, may be due or missed by now)
  await expect(cells.nth(0)).toHaveAttribute("data-outcome", "on_time");
  await expect(cells.nth(1)).toHaveAttribute("data-outcome", "failed");
  await expect(cells.nth(2)).toHaveAttribute("data-outcome", "missed");
  await expect(cells.nth(3)).toHaveAttribute("data-outcome", "late");
  await expect(cells.nth(2).locator("span").first()).toHaveAttribute("title", /Missed$/);
  await shots(page, "schedules");

  await row.getByTestId("schedule-link").click();
  await expect(page).toHaveURL(/\/schedules\/sweeper$/);
  const missed = page.getByTestId("slot-row").filter({ has: page.locator('[data-outcome="missed"]') });
  await expect(missed.first()).toBeVisible();
  await expect(page.getByTestId("slot-row").filter({ hasText: `${run}-1` })).toHaveAttribute(
    "data-outcome",
    "failed",
  );
  await shots(page, "schedule-detail");

  // a job cell links to its job
  await page.goto("/schedules");
  await page
    .getByTestId("schedule-row")
    .filter({ hasText: "sweeper" })
    .getByTestId("slot-cell")
    .nth(1)
    .locator("a")
    .click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${run}-1$`));

  // declared in Settings: listed with its cron in words, no job yet
  await page.goto("/settings/schedules");
  await page.getByLabel("Name").fill("nightly-backup");
  await page.getByLabel("Cron").fill("0 3 * * *");
  await page.getByLabel("Time zone").fill("Europe/Paris");
  await page.getByTestId("new-schedule-save").click();
  await expect(page.getByTestId("settings-schedule").filter({ hasText: "nightly-backup" })).toBeVisible();
  await shots(page, "settings-schedules");
  // a bad cron is refused with croner's words
  await page.getByLabel("Name").fill("broken");
  await page.getByLabel("Cron").fill("61 * * * *");
  await page.getByTestId("new-schedule-save").click();
  await expect(page.getByTestId("action-error")).toContainText("Invalid value for minute: 61");
  await page.goto("/schedules");
  const nightly = page.getByTestId("schedule-row").filter({ hasText: "nightly-backup" });
  await expect(nightly.getByTestId("schedule-words")).toHaveText("At 03:00, every day, Europe/Paris time");
});
