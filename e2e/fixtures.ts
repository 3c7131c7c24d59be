import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { JobsPage } from "./pages/jobs";
import { LoginPage } from "./pages/login";
import { SettingsPage } from "./pages/settings";

export const ADMIN = { name: "Ada Operator", email: "ada@fleet.test", password: "correct horse battery" };
/** E2E_OUT_DIR lets several suites run side by side (each with its own output, auth state and screenshots). */
const OUT = path.resolve(import.meta.dirname, "..", process.env.E2E_OUT_DIR ?? "test-results");
export const ADMIN_STATE = path.join(OUT, ".auth", "admin.json");
export const SHOTS = path.join(OUT, "screenshots");
/** Console errors that are not CSP violations, one line each, for review (they do not fail a test). */
const CONSOLE_ERRORS = path.join(OUT, "console-errors.log");

/** Saves a full-page screenshot to <output dir>/screenshots/<name>.png (looked at during review). */
export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

type Fixtures = {
  loginPage: LoginPage;
  jobsPage: JobsPage;
  settingsPage: SettingsPage;
  cspGuard: undefined;
};

/** What Chromium logs when the Content-Security-Policy blocks something (a script, a style, a frame...). */
export const isCspViolation = (text: string) => /Content Security Policy|Refused to/i.test(text);

export const test = base.extend<Fixtures>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  jobsPage: async ({ page }, use) => use(new JobsPage(page)),
  settingsPage: async ({ page }, use) => use(new SettingsPage(page)),
  // Every test fails on a CSP violation in any page of its browser context: the console must work under its
  // own policy. Other console errors are expected in some tests (a 4xx a test provokes logs "Failed to load
  // resource"), so they are attached to the report rather than failing the test.
  cspGuard: [
    async ({ context }, use, testInfo) => {
      const violations: string[] = [];
      const otherErrors: string[] = [];
      const record = (where: string, text: string) =>
        (isCspViolation(text) ? violations : otherErrors).push(`${where}: ${text}`);
      context.on("console", (m) => {
        if (m.type() === "error" || isCspViolation(m.text())) record(m.page()?.url() ?? "?", m.text());
      });
      context.on("weberror", (e) => record(e.page()?.url() ?? "?", String(e.error())));
      await use(undefined);
      if (otherErrors.length) {
        await testInfo.attach("console-errors", { body: otherErrors.join("\n") });
        fs.mkdirSync(OUT, { recursive: true });
        fs.appendFileSync(CONSOLE_ERRORS, otherErrors.map((e) => `${testInfo.title} | ${e}\n`).join(""));
      }
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
