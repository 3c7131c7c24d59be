// Without a session every console page leads to login; login brings the user back where they were going.
import fs from "node:fs";
import { ADMIN, ADMIN_STATE, expect, test } from "./fixtures";

// A wrong password answers 401 on purpose.
test.use({ expectedConsoleErrors: /status of 401/ });

test("console pages and the read API need a session", async ({ page, loginPage, request }) => {
  for (const path of ["/", "/jobs", "/jobs/abc", "/settings", "/failures"]) {
    await page.goto(path);
    await loginPage.expectOnLogin();
  }
  const api = await request.get("/api/v1/jobs");
  expect(api.status()).toBe(401);
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("login rejects a wrong password and returns to the page asked for", async ({ page, loginPage }) => {
  await page.goto("/settings");
  await loginPage.expectOnLogin();
  await loginPage.fill({ email: ADMIN.email, password: "not the password" });
  await expect(page.getByTestId("auth-error")).toBeVisible();
  await loginPage.fill({ email: ADMIN.email, password: ADMIN.password });
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
});

test("sign-up is closed after setup", async ({ request }) => {
  const res = await request.post("/api/auth/sign-up/email", {
    data: { name: "Mallory", email: "mallory@fleet.test", password: "password123" },
    headers: { origin: new URL(test.info().project.use.baseURL ?? "").origin },
  });
  expect(res.ok()).toBe(false);
  expect(await res.text()).toContain("Sign-up is closed");
});

test("without an https public URL the session cookie is not Secure, so plain http on a LAN address keeps it", () => {
  // The cookie the first-run setup signed in with (no extra sign-in: those are rate limited).
  const state = JSON.parse(fs.readFileSync(ADMIN_STATE, "utf8")) as {
    cookies: { name: string; secure: boolean }[];
  };
  const session = state.cookies.find((c) => c.name.endsWith("better-auth.session_token"));
  expect(session?.name).toBe("better-auth.session_token");
  expect(session?.secure).toBe(false);
});
