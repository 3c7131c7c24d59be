// First run on a fresh database: every page leads to setup, which creates the admin and signs in.
import fs from "node:fs";
import path from "node:path";
import { ADMIN, ADMIN_STATE, expect, shot, test } from "./fixtures";

test("first visit creates the admin account", async ({ page, loginPage }) => {
  await page.goto("/jobs");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Fleetwatch" })).toBeVisible();
  // the e2e console listens on 127.0.0.1: no setup token (e2e/setup-token.spec.ts serves the network)
  await expect(page.getByTestId("setup-token")).toHaveCount(0);
  await shot(page, "01-setup");

  await loginPage.fill({ name: ADMIN.name, email: ADMIN.email, password: "short" });
  // the browser's own validation keeps a short password from being sent
  await expect(page).toHaveURL(/\/setup$/);

  await loginPage.fill(ADMIN);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("user-name")).toHaveText(ADMIN.name);
  await expect(page.getByTestId("first-event")).toBeVisible();

  // setup is closed once an admin exists
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/(login)?$/);

  fs.mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  await page.context().storageState({ path: ADMIN_STATE });
});
