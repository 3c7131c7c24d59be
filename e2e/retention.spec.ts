// Retention in the browser: the Settings section shows and changes a project's retention (checked by the server),
// and a job whose transcript retention removed says so on its page, where the transcript would be, and in the
// transcript API.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { withDb } from "./members";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const SHOTS = "/work/notes/shots/R";
async function shots(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const DAY = 86_400_000;
const at = (daysAgo: number, minutes = 0) =>
  new Date(Date.now() - daysAgo * DAY + minutes * 60_000).toISOString();

function job(slug: string, name: string, title: string, daysAgo: number) {
  const j = `${slug}-${name}`;
  return [
    {
      id: `${j}-1`,
      type: "job.started",
      time: at(daysAgo, -30),
      job: j,
      agent: "scout",
      data: { title, harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    {
      id: `${j}-2`,
      type: "job.message",
      time: at(daysAgo, -29),
      job: j,
      data: { role: "assistant", text: "Migrating the schema now." },
    },
    {
      id: `${j}-3`,
      type: "job.usage",
      time: at(daysAgo, -28),
      job: j,
      data: { model: "claude-sonnet-4-5", input_tokens: 1200, output_tokens: 300 },
    },
    { id: `${j}-4`, type: "job.completed", time: at(daysAgo, -27), job: j, data: { summary: "Done" } },
  ];
}

test("retention settings, and a job whose transcript was removed says so", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = `retention-${Date.now().toString(36)}`;
  const key = await freshProject(page, slug);
  // "old": 100 days ago, past the default 90-day retention of raw events; "new": today
  await postEvents(page.request, key, [
    ...job(slug, "old", "Quarterly schema migration", 100),
    ...job(slug, "new", "Nightly dependency bump", 0),
  ]);
  const projectId = await withDb(
    async (sql) => (await sql`select id from project where slug = ${slug}`)[0]?.id as string,
  );
  // the hourly run, now: `npm run retention` runs the same function the server's loop runs
  const now = new Date();
  const root = path.resolve(import.meta.dirname, "..");
  const run = spawnSync(
    path.join(root, "node_modules/.bin/tsx"),
    ["scripts/retention.ts", "--project", slug],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, LOG_LEVEL: "silent" },
    },
  );
  expect(run.status, run.stderr.toString()).toBe(0);
  expect(JSON.parse(run.stdout.toString()).projects[0].days).toHaveLength(1);

  // Settings: the section shows the defaults and what was removed; the server refuses raw > jobs
  await page.goto("/settings");
  await expect(page.getByTestId("retention-raw")).toHaveValue("90");
  await expect(page.getByTestId("retention-jobs")).toHaveValue("400");
  await expect(page.getByTestId("retention-removed-before")).toContainText("have been removed");
  await shots(page, "settings-retention");
  await page.getByTestId("retention-raw").fill("500");
  await page.getByTestId("save-retention").click();
  await expect(page.getByTestId("retention-message")).toHaveText(
    "Raw events cannot be kept longer than jobs: a job needs its events' day to exist.",
  );
  await page.getByTestId("retention-raw").fill("30");
  await page.getByTestId("retention-jobs").fill("365");
  await page.getByTestId("save-retention").click();
  await expect(page.getByTestId("retention-message")).toHaveText("Saved. The next hourly run applies it.");
  expect(
    await withDb(
      async (sql) =>
        (
          await sql`select raw_retention_days as r, job_retention_days as j from project where id = ${projectId}`
        )[0],
    ),
  ).toEqual({ r: 30, j: 365 });

  // the old job's page (it succeeded: no failure to speak of): the sentence where the transcript would be (the settings read at the time of the run
  // were 90/400; the page states the project's current retention, now 30/365)
  const oldId = await withDb(
    async (sql) =>
      (await sql`select id from job where project_id = ${projectId} and external_id = ${`${slug}-old`}`)[0]
        ?.id as string,
  );
  await page.goto(`/jobs/${oldId}`);
  const sentence = `The transcript of this job was removed on ${now.toISOString().slice(0, 10)} by the project's 30-day retention of raw events. The job and its costs stay for 365 days.`;
  await expect(page.getByTestId("transcript-removed")).toHaveText(sentence);
  await expect(page.getByTestId("job-title")).toHaveText("Quarterly schema migration");
  await shots(page, "job-transcript-removed");

  // the transcript API says the same
  const res = await page.request.get(`/api/v1/jobs/${oldId}/transcript`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ total: 0, removed: { whole: true, message: sentence } });

  // the new job's transcript is all there, without a notice
  const newId = await withDb(
    async (sql) =>
      (await sql`select id from job where project_id = ${projectId} and external_id = ${`${slug}-new`}`)[0]
        ?.id as string,
  );
  await page.goto(`/jobs/${newId}`);
  await expect(page.getByTestId("transcript")).toBeVisible();
  await expect(page.getByTestId("transcript-removed")).toHaveCount(0);
});
