// Stalled jobs in the browser: an alive agent with silent jobs is "running, with 2 stalled jobs" (never a
// stalled agent); an admin marks them abandoned from the agent page and the job page; a viewer sees the stall but
// no button and the server refuses the viewer's POST; unknown agents and jobs get the console's own 404 page.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { postEvents } from "./events";
import { ADMIN, ADMIN_STATE, expect, test } from "./fixtures";
import { createUser, signedIn, withDb } from "./members";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const SHOTS = "/work/notes/shots/agents";
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

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** A job of runner-7 started `startedAgo` minutes ago whose last event was `quietAgo` minutes ago. */
function silentJob(slug: string, id: string, title: string, startedAgo: number, quietAgo: number) {
  return [
    {
      id: `${slug}-${id}-s`,
      type: "job.started",
      time: iso(startedAgo),
      job: `${slug}-${id}`,
      agent: "runner-7",
      data: { title, harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    {
      id: `${slug}-${id}-m`,
      type: "job.message",
      time: iso(quietAgo),
      job: `${slug}-${id}`,
      data: { role: "assistant", text: "Running the next step" },
    },
  ];
}

test("an alive agent has stalled jobs; an admin marks them abandoned; a viewer cannot", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const slug = `abandon-${Date.now().toString(36)}`;
  const key = await freshProject(page, slug);
  // stall after 15 min (the default): j1 silent 20 min, j2 30 min, j3 25 min; the agent heartbeats now
  await postEvents(page.request, key, [
    ...silentJob(slug, "j1", "Nightly schema migration", 40, 20),
    ...silentJob(slug, "j2", "Rebuild the search index", 50, 30),
    ...silentJob(slug, "j3", "Rotate the API tokens", 45, 25),
    {
      id: `${slug}-hb`,
      type: "agent.heartbeat",
      time: iso(0),
      agent: "runner-7",
      data: { status: "busy", job: `${slug}-j1`, host: "box-7" },
    },
  ]);

  // the board: runner-7 is running (it heartbeats), with its jobs called stalled jobs
  await page.goto("/agents");
  const row = page.locator('[data-testid="agent-row"][data-agent="runner-7"]');
  await expect(row.getByTestId("agent-status")).toHaveText("running");
  await expect(row.getByTestId("agent-status-detail")).toHaveText("3 stalled jobs · no event for 30m");
  await expect(page.getByTestId("status-count-stalled-jobs")).toContainText("1");
  await shots(page, "board-stalled-jobs");

  // the agent page lists them, quietest first, each with "Mark abandoned"
  await row.getByTestId("agent-link").click();
  await expect(page.getByTestId("agent-status-line")).toHaveText(
    "Alive (running), with 3 stalled jobs: the quietest has sent no event for 30m.",
  );
  const stalled = page.getByTestId("stalled-job");
  await expect(stalled).toHaveCount(3);
  await expect(stalled.first()).toContainText("Rebuild the search index");
  await stalled.first().getByTestId("abandon-open").click();
  const form = page.getByTestId("abandon-form");
  await expect(form).toContainText(`abandoned by ${ADMIN.email}:`);
  await expect(form.getByTestId("abandon-note")).toHaveValue("no event for 30 min");
  await shots(page, "agent-abandon-form");
  await form.getByTestId("abandon-confirm").click();
  await expect(stalled).toHaveCount(2);
  await expect(page.getByTestId("agent-status-line")).toHaveText(
    "Alive (running), with 2 stalled jobs: the quietest has sent no event for 25m.",
  );

  // the job page: a stalled job says so, and is marked abandoned with a note of the admin's own
  await stalled.filter({ hasText: "Nightly schema migration" }).getByRole("link").click();
  await expect(page.getByTestId("job-title")).toHaveText("Nightly schema migration");
  await expect(page.getByTestId("job-stalled")).toContainText("Stalled: no event for 20m");
  await shots(page, "job-stalled");
  await page.getByTestId("abandon-open").click();
  await page.getByTestId("abandon-note").fill("box-7 was reimaged");
  await page.getByTestId("abandon-confirm").click();
  await expect(page.getByTestId("job-cancelled")).toHaveText(
    `Cancelled: abandoned by ${ADMIN.email}: box-7 was reimaged`,
  );
  await expect(page.getByTestId("job-stalled")).toHaveCount(0);
  await shots(page, "job-abandoned");

  // both recorded: two audit entries by the admin, two job.cancelled events naming who did it
  const recorded = await withDb(async (sql) => {
    const [p] = await sql`select id from project where slug = ${slug}`;
    const audit = await sql`select actor_label, object_label from audit_log
      where project_id = ${p?.id} and action = 'job.abandon' order by object_label`;
    const events = await sql`select id, data->>'abandoned_by' as by from event
      where project_id = ${p?.id} and type = 'job.cancelled' order by id`;
    return {
      audit: audit.map((a) => [a.actor_label, a.object_label]),
      events: events.map((e) => [e.id, e.by]),
    };
  });
  expect(recorded).toEqual({
    audit: [
      [ADMIN.email, "Nightly schema migration"],
      [ADMIN.email, "Rebuild the search index"],
    ],
    events: [
      [`${slug}-j1:abandoned`, ADMIN.email],
      [`${slug}-j2:abandoned`, ADMIN.email],
    ],
  });

  // the agent stays alive (abandoning says nothing about it): running its last job, 1 stalled job left
  await page.goto("/agents/runner-7");
  await expect(page.getByTestId("agent-status").first()).toHaveText("running");
  await expect(page.getByTestId("agent-status-line")).toHaveText(
    "Alive (running), with 1 stalled job: no event for 25m.",
  );
  await expect(page.getByTestId("stalled-job")).toHaveCount(1);

  // a viewer sees the stalled job, but no button; the server refuses the viewer's POST
  const j3 = await withDb(
    async (sql) => (await sql`select id from job where external_id = ${`${slug}-j3`}`)[0]?.id as string,
  );
  const viewer = await createUser("viewer");
  const api = await signedIn(baseURL ?? "", viewer);
  const { cookies } = await api.storageState();
  await page.context().clearCookies();
  await page.context().addCookies([...cookies, { name: "fw_project", value: slug, url: baseURL ?? "" }]);
  await page.goto(`/jobs/${j3}`);
  await expect(page.getByTestId("job-stalled")).toContainText("Stalled: no event for 25m");
  await expect(page.getByTestId("abandon-open")).toHaveCount(0);
  await page.goto("/agents/runner-7");
  await expect(page.getByTestId("stalled-job")).toHaveCount(1);
  await expect(page.getByTestId("abandon-open")).toHaveCount(0);
  const refused = await api.post(`/api/v1/jobs/${j3}/abandon?project=${slug}`, {
    data: {},
    headers: { origin: new URL(baseURL ?? "").origin },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe(
    "Viewers can't triage. Ask an admin for the member role.",
  );
  await api.dispose();
});

test.describe("not found", () => {
  // a 404 document is what Chromium logs as a failed resource: expected here
  test.use({ expectedConsoleErrors: /status of 404/ });

  test("an unknown agent or job gets the console's own not-found page, status 404, in the console layout", async ({
    page,
  }) => {
    for (const path of [
      "/agents/no-such-agent-anywhere",
      "/agents/%00",
      "/jobs/no-such-job-anywhere",
      "/jobs/00000000-0000-4000-8000-000000000000",
      "/jobs/%E0%A4%A", // not valid percent-encoding
      "/jobs/%00",
    ]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByTestId("console-not-found")).toContainText("Nothing here");
      // inside the console: its navigation and project switcher are there
      await expect(page.getByTestId("nav-agents")).toBeAttached();
      await expect(page.getByTestId("project-switcher")).toBeAttached();
    }
    await page.goto("/agents/no-such-agent-anywhere");
    await shots(page, "not-found");
  });
});
