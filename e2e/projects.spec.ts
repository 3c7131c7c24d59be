// Projects: create one in Settings, switch with the top-bar menu, and see its own (empty) data.
import { ADMIN_STATE, expect, test } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

test("create a project, switch to it and back", async ({ page }) => {
  await page.goto("/settings");
  await page.getByLabel("New project name").fill("staging");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByTestId("project-switcher")).toHaveValue("staging");
  await page.goto("/jobs");
  await expect(page.getByTestId("first-event")).toBeVisible(); // staging has no jobs yet
  await page.goto("/settings");
  await expect(page.getByText("Project staging (staging)")).toBeVisible();
  await page.getByTestId("project-switcher").selectOption("default");
  await expect(page.getByText("Project Default (default)")).toBeVisible();
});
