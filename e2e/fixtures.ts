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

/** Saves a full-page screenshot to <output dir>/screenshots/<name>.png (looked at during review). */
export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

type Fixtures = { loginPage: LoginPage; jobsPage: JobsPage; settingsPage: SettingsPage };

export const test = base.extend<Fixtures>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  jobsPage: async ({ page }, use) => use(new JobsPage(page)),
  settingsPage: async ({ page }, use) => use(new SettingsPage(page)),
});

export { expect };
