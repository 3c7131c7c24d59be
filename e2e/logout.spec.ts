// Logs in with a session of its own: logging out must not end the stored session other tests use.
import { ADMIN, expect, test } from "./fixtures";

test("logout ends the session", async ({ page, loginPage }) => {
  await loginPage.login(ADMIN.email, ADMIN.password);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/jobs");
  await page.getByTestId("logout").click();
  await loginPage.expectOnLogin();
  await page.goto("/jobs");
  await loginPage.expectOnLogin();
});
