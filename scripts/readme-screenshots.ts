// `npm run screenshots`: the README's screenshots, taken in Chromium from a console filled with the simulator's
// 14-day fleet (a throwaway PostgreSQL, a production server, the first admin signed up through the auth API).
// Writes docs/screenshots/*.png.
import path from "node:path";
import { chromium } from "@playwright/test";
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

const db = await benchDatabase("screenshots");
let stopServer = () => {};
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
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
  await context.addCookies([
    ...cookies,
    { name: "fw_project", value: project.slug, domain: "127.0.0.1", path: "/" },
  ]);
  const page = await context.newPage();
  for (const [name, url] of PAGES) {
    await page.goto(`${server.url}${url}`, { waitUntil: "networkidle" });
    await page.waitForTimeout(800); // charts animate in
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  }
  await browser.close();
} finally {
  stopServer();
  await db.stop();
}
