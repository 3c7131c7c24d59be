// `npm run screenshots`: the README's screenshots, taken in Chromium from a console filled with the simulator's
// 14-day fleet (a throwaway PostgreSQL, a production server, the first admin signed up through the auth API).
// Writes docs/screenshots/*.png. `npm run screenshots -- --gallery <dir>` also takes every page of the console
// (and the sign-in and not-found pages) at 1440x900 and 390x844, light and dark, into <dir>, for review.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type BrowserContext, type Cookie, chromium } from "@playwright/test";
import { desc, eq } from "drizzle-orm";
import { alertRule, failureIssue, job } from "@/db/schema";
import { loadFleet } from "../bench/lib/fleet";
import { benchDatabase, startServer } from "../bench/lib/server";

const OUT = path.join(import.meta.dirname, "..", "docs", "screenshots");
const PAGES: [string, string][] = [
  ["overview", "/?range=7d"],
  ["costs", "/costs?range=7d"],
  ["models", "/models?range=7d"],
  ["agents", "/agents"],
  ["standups", "/standups"],
  ["failures", "/failures?range=7d"],
  ["jobs", "/jobs?range=24h"],
];

const { values: args } = parseArgs({ options: { gallery: { type: "string" } } });

/** Every page of the console, with real ids of the fleet for the pages that take one. */
async function galleryPages(projectId: string): Promise<[string, string][]> {
  const [failed] = await db.handle.db
    .select({ id: job.id, agent: job.agentName })
    .from(job)
    .where(eq(job.projectId, projectId))
    .orderBy(desc(job.startedAt))
    .limit(1);
  const [issue] = await db.handle.db
    .select({ id: failureIssue.id })
    .from(failureIssue)
    .where(eq(failureIssue.projectId, projectId))
    .orderBy(desc(failureIssue.eventCount))
    .limit(1);
  const [rule] = await db.handle.db.select({ id: alertRule.id }).from(alertRule).limit(1);
  return [
    ["overview", "/?range=7d"],
    ["jobs", "/jobs?range=24h"],
    ["job", `/jobs/${failed?.id}`],
    ["failures", "/failures?range=7d"],
    ["issue", `/failures/${issue?.id}`],
    ["triage-queue", "/failures/queue"],
    ["failure-rules", "/failures/rules"],
    ["alerts", "/alerts"],
    ["costs", "/costs?range=7d"],
    ["schedules", "/schedules"],
    ["agents", "/agents"],
    ["agent", `/agents/${encodeURIComponent(failed?.agent ?? "")}`],
    ["models", "/models?range=7d"],
    ["standups", "/standups"],
    ["runs", "/jobs?view=runs&range=7d"],
    ["pipelines", "/pipelines?range=7d"],
    ["settings", "/settings"],
    ["settings-projects", "/settings/projects"],
    ["settings-members", "/settings/members"],
    ["settings-profile", "/settings/profile"],
    ["settings-prices", "/settings/prices"],
    ["settings-alerts", rule ? `/settings/alerts?rule=${rule.id}` : "/settings/alerts"],
    ["settings-destinations", "/settings/alerts/destinations"],
    ["settings-standups", "/settings/standups"],
    ["settings-schedules", "/settings/schedules"],
    ["settings-sso", "/settings/sso"],
    ["settings-audit", "/settings/audit"],
    ["not-found", "/jobs/00000000-0000-4000-8000-000000000000"],
  ];
}

async function gallery(dir: string, baseUrl: string, cookies: Cookie[], projectId: string) {
  fs.mkdirSync(dir, { recursive: true });
  const pages = await galleryPages(projectId);
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const)
    for (const scheme of ["light", "dark"] as const) {
      const open = async (signedIn: boolean): Promise<BrowserContext> => {
        const c = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
        if (signedIn) await c.addCookies(cookies);
        return c;
      };
      const context = await open(true);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
      for (const [name, url] of pages) {
        await page.goto(`${baseUrl}${url}`, { waitUntil: "networkidle" });
        await page.waitForTimeout(600);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        if (overflow > 0) errors.push(`${name} at ${w}: scrolls sideways by ${overflow} px`);
        await page.screenshot({ path: path.join(dir, `${name}-${w}-${scheme}.png`) });
      }
      await context.close();
      const out = await open(false);
      const login = await out.newPage();
      await login.goto(`${baseUrl}/login`, { waitUntil: "networkidle" });
      await login.screenshot({ path: path.join(dir, `login-${w}-${scheme}.png`) });
      await out.close();
      for (const e of errors) console.log(`! ${e}`);
      console.log(`${dir}: ${pages.length + 1} pages at ${w}x${h}, ${scheme}`);
    }
}

const db = await benchDatabase("screenshots");
let stopServer = () => {};
let browser: Awaited<ReturnType<typeof chromium.launch>>;
try {
  const { project } = await loadFleet(db.handle);
  const server = await startServer(db.url);
  stopServer = server.stop;
  const res = await fetch(`${server.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({
      name: "Ada Operator",
      email: "ada@fleet.test",
      password: "correct horse battery",
    }),
  });
  if (!res.ok) throw new Error(`sign-up answered ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => {
    const [pair = ""] = c.split(";");
    const i = pair.indexOf("=");
    // A __Secure-… cookie (FLEETWATCH_URL set to https) must be set as secure.
    const name = pair.slice(0, i);
    return {
      name,
      value: pair.slice(i + 1),
      domain: "127.0.0.1",
      path: "/",
      secure: name.startsWith("__Secure-"),
    };
  });
  browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
  const all: Cookie[] = [
    ...cookies,
    { name: "fw_project", value: project.slug, domain: "127.0.0.1", path: "/" },
  ].map((c) => ({ expires: -1, httpOnly: false, sameSite: "Lax" as const, secure: false, ...c }));
  await context.addCookies(all);
  const page = await context.newPage();
  for (const [name, url] of PAGES) {
    await page.goto(`${server.url}${url}`, { waitUntil: "networkidle" });
    await page.waitForTimeout(800); // charts animate in
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  }
  if (args.gallery) await gallery(path.resolve(args.gallery), server.url, all, project.id);
  await browser.close();
} finally {
  stopServer();
  await db.stop();
}
