import { ADMIN_STATE, expect, shot, test } from "./fixtures";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

test("the theme toggle switches to dark and is remembered", async ({ page }) => {
  await page.goto("/jobs");
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "07-jobs-dark");
});
