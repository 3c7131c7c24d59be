// Small screens (issue 19, point 7): at 390x844 every page of the console is usable. The sidebar becomes a
// menu button, and no page scrolls sideways (wide tables scroll inside their own box). The pages come from the
// file system, so a new page without a sample URL here fails this test instead of being skipped.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { failingJob, postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { withDb } from "./members";

test.use({ storageState: ADMIN_STATE, viewport: { width: 390, height: 844 } });

const APP = path.join(process.cwd(), "app");

/** Every page route of the app, e.g. "/jobs/[id]" (route groups dropped). */
function pageRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string, parts: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name === "api" && parts.length === 0) continue;
        const part = /^\(.*\)$/.test(entry.name) ? null : entry.name;
        walk(path.join(dir, entry.name), part ? [...parts, part] : parts);
      } else if (entry.name === "page.tsx") {
        routes.push(`/${parts.join("/")}`);
      }
    }
  };
  walk(APP, []);
  return routes.sort();
}

/** Pages outside the console: for a signed-out visitor, or reached through a link's token (checked signed out). */
const SIGNED_OUT = new Set([
  "/login",
  "/setup",
  "/invite/[token]",
  "/reset/[token]",
  "/incident-link",
  "/no-projects",
]);

async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    // the widest element that sticks out of the viewport, to say what to fix
    let culprit = "";
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right > root.clientWidth + 1 && r.width > 0) {
        culprit = `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)} (right ${Math.round(r.right)})`;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprit };
  });
}

test("every page fits a 390 px wide screen, with the navigation behind a menu button", async ({
  page,
  request,
  settingsPage,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const key = await settingsPage.createIngestKey("small screens");
  await page.setViewportSize({ width: 390, height: 844 });
  await postEvents(request, key, [
    ...failingJob(
      "narrow-agent-with-a-rather-long-name",
      "ECONNRESET while fetching https://example.com/a/very/long/path/that/does/not/wrap",
      5,
    ),
    // a runner-declared schedule, for the schedule's own page
    {
      id: `narrow-cron-${Date.now()}`,
      type: "job.started",
      time: new Date(Date.now() - 60_000).toISOString(),
      job: `narrow-cron-${Date.now()}`,
      agent: "narrow-agent-with-a-rather-long-name",
      data: {
        harness: "claude-code",
        trigger: {
          kind: "cron",
          name: "nightly-dependency-updates-for-every-repository",
          schedule: "*/5 * * * *",
        },
      },
    },
  ]);
  const issues = (await (await request.get("/api/v1/issues?state=open&range=all")).json()) as {
    issues: { id: string }[];
  };
  const jobs = (await (await request.get("/api/v1/jobs?range=all")).json()) as { jobs: { id: string }[] };
  // an incident (and its rule) written straight into the database, and a member to limit
  const { incidentId, memberId } = await withDb(async (sql) => {
    const [p] = await sql<{ id: string }[]>`select id from project where slug = 'default'`;
    // watches one agent that is not offline, and resolves only after a day of quiet (the evaluator runs)
    const [rule] = await sql<{ id: string }[]>`insert into alert_rule
      (project_id, name, kind, filters, group_by, resolve_after_seconds)
      values (${p?.id ?? ""}, 'Narrow screens', 'agent_offline',
              ${sql.json({ agent: "narrow-agent-with-a-rather-long-name" })}, 'agent', 86400) returning id`;
    const [inc] = await sql<
      { id: string }[]
    >`insert into incident (project_id, rule_id, group_key, severity, title)
      values (${p?.id ?? ""}, ${rule?.id ?? ""}, 'agent:narrow-agent-with-a-rather-long-name', 'critical',
              'Agent narrow-agent-with-a-rather-long-name has been offline for 42 minutes') returning id`;
    const [u] = await sql<{ id: string }[]>`select id from "user" order by created_at limit 1`;
    return { incidentId: inc?.id ?? "", memberId: u?.id ?? "" };
  });
  const samples: Record<string, string> = {
    "/alerts/[id]": `/alerts/${incidentId}`,
    "/settings/members/[userId]/access": `/settings/members/${memberId}/access`,
    "/jobs/[id]": `/jobs/${jobs.jobs[0]?.id}`,
    "/failures/[id]": `/failures/${issues.issues[0]?.id}`,
    "/agents/[name]": "/agents/narrow-agent-with-a-rather-long-name",
    "/schedules/[name]": "/schedules/nightly-dependency-updates-for-every-repository",
  };

  const routes = pageRoutes().filter((r) => !SIGNED_OUT.has(r));
  const missing = routes.filter((r) => r.includes("[") && !samples[r]);
  expect(missing, "pages with a dynamic segment need a sample URL in this test").toEqual([]);

  const failures: string[] = [];
  for (const route of routes) {
    const url = samples[route] ?? route;
    const res = await page.goto(url);
    expect(res?.status(), url).toBeLessThan(400);
    await page.waitForLoadState("networkidle");
    const o = await overflow(page);
    if (o.scrollWidth > o.clientWidth)
      failures.push(`${url}: ${o.scrollWidth} > ${o.clientWidth} — ${o.culprit}`);
    await expect(page.getByTestId("menu-button"), url).toBeVisible();
    await shot(page, `small${route.replaceAll("/", "-").replaceAll(/[[\]]/g, "") || "-overview"}`);
  }
  expect(failures, "pages wider than the screen").toEqual([]);

  // the menu opens the navigation and a link closes it
  await page.goto("/");
  await expect(page.getByTestId("nav-jobs")).toBeHidden();
  await page.getByTestId("menu-button").click();
  await page.getByTestId("mobile-nav").getByTestId("nav-jobs").click();
  await expect(page).toHaveURL(/\/jobs/);
  await expect(page.getByTestId("mobile-nav")).toBeHidden();
});

test("the pages outside the console fit a small screen too", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: undefined,
  });
  const page = await context.newPage();
  // a made-up token gets each link page's own "not valid" answer, which must fit too
  for (const url of ["/login", "/invite/not-a-token", "/reset/not-a-token", "/incident-link?token=forged"]) {
    await page.goto(url);
    const o = await overflow(page);
    expect(o.scrollWidth, `${url}: ${o.culprit}`).toBeLessThanOrEqual(o.clientWidth);
  }
  await context.close();
});
