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
/** Console errors a test declared expected, one line each, for review. */
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
  /**
   * Console errors a test provokes on purpose (a wrong password's 401, a throttled sign-in's 429, an attacker
   * page's refused requests): `test.use({ expectedConsoleErrors: /status of 401/ })`, one pattern (an array
   * would be read by test.use as a [value, options] pair). Every other console error or page error fails.
   */
  expectedConsoleErrors: RegExp | null;
};

/** What Chromium logs when the Content-Security-Policy blocks something (a script, a style, a frame...). */
export const isCspViolation = (text: string) => /Content Security Policy|Refused to/i.test(text);

export const test = base.extend<Fixtures>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  jobsPage: async ({ page }, use) => use(new JobsPage(page)),
  settingsPage: async ({ page }, use) => use(new SettingsPage(page)),
  expectedConsoleErrors: [null, { option: true }],
  // Every test fails on a CSP violation, a page error or a console error in any page of its browser context:
  // the console must work under its own policy and log nothing. Errors a test provokes on purpose are declared
  // with expectedConsoleErrors (never a CSP violation); they are attached to the report.
  cspGuard: [
    async ({ context, expectedConsoleErrors }, use, testInfo) => {
      const violations: string[] = [];
      const unexpected: string[] = [];
      const expected: string[] = [];
      const record = (where: string, text: string) => {
        const line = `${where}: ${text}`;
        if (isCspViolation(text)) violations.push(line);
        else if (expectedConsoleErrors?.test(text)) expected.push(line);
        else unexpected.push(line);
      };
      context.on("console", (m) => {
        if (m.type() === "error" || isCspViolation(m.text())) record(m.page()?.url() ?? "?", m.text());
      });
      context.on("weberror", (e) => record(e.page()?.url() ?? "?", String(e.error())));
      await use(undefined);
      if (expected.length) {
        await testInfo.attach("console-errors", { body: expected.join("\n") });
        fs.mkdirSync(OUT, { recursive: true });
        fs.appendFileSync(CONSOLE_ERRORS, expected.map((e) => `${testInfo.title} | ${e}\n`).join(""));
      }
      expect(violations, "Content-Security-Policy violations").toEqual([]);
      expect(unexpected, "browser console errors and page errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
