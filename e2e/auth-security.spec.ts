// Issue #12 in the browser: login never sends anyone to another origin, setup is closed once an admin exists,
// and a throttled sign-in tells the person why and for how long.
import { ADMIN, expect, test } from "./fixtures";
import { LoginPage } from "./pages/login";

// A throttled sign-in answers 429 on purpose.
test.use({ expectedConsoleErrors: /status of 429/ });

// Each of these was (or could be) read by a browser as another host; after a real sign-in the browser must
// stay on the console. The last one is a local path and must be honoured.
const HOSTILE_NEXT = [
  "/\\evil.test/x",
  "/\t/evil.test",
  "//evil.test",
  "https://evil.test",
  "/%5Cevil.test",
  "/.//evil.test",
  "\\/evil.test",
];

test("after signing in, next= only ever lands on a page of the console", async ({ browser, baseURL }) => {
  const origin = new URL(baseURL ?? "").origin;
  for (const next of [...HOSTILE_NEXT, "/settings"]) {
    // a fresh browser without a session for each attempt, signing in for real
    const context = await browser.newContext();
    const page = await context.newPage();
    const offOrigin: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith("http") && url.origin !== origin) offOrigin.push(request.url());
    });
    await context.route(
      (url) => url.hostname.endsWith("evil.test"),
      (route) => route.abort(),
    );
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await new LoginPage(page).fill({ email: ADMIN.email, password: ADMIN.password });
    const heading = next === "/settings" ? "Settings" : "Overview";
    await expect(page.getByRole("heading", { name: heading }), `next=${JSON.stringify(next)}`).toBeVisible();
    const landed = new URL(page.url());
    expect(landed.origin, `next=${JSON.stringify(next)}`).toBe(origin);
    expect(landed.pathname).toBe(next === "/settings" ? "/settings" : "/");
    expect(offOrigin, `next=${JSON.stringify(next)}`).toEqual([]);
    await context.close();
  }
});

test("setup is closed once an admin exists: /setup leads to login", async ({ page, loginPage }) => {
  await page.goto("/setup");
  await loginPage.expectOnLogin();
  await expect(page.getByRole("heading", { name: "Welcome to Fleetwatch" })).toHaveCount(0);
});

test("a throttled sign-in says so on the form, and the API answers 429 with Retry-After", async ({
  page,
  loginPage,
  request,
  baseURL,
}) => {
  // An account nobody else uses in these tests (it need not exist: the limit is per email tried).
  const email = "locked-out@fleet.test";
  const headers = { origin: new URL(baseURL ?? "").origin };
  for (let i = 0; i < 10; i++) {
    const res = await request.post("/api/auth/sign-in/email", {
      data: { email, password: `guess-${i}` },
      headers,
    });
    expect(res.status()).toBe(401);
  }
  const blocked = await request.post("/api/auth/sign-in/email", {
    data: { email, password: "guess-10" },
    headers,
  });
  expect(blocked.status()).toBe(429);
  // 15-minute window opened by the first failure a few seconds ago: between 1 and 900 seconds left
  const retryAfter = Number(blocked.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(900);

  await page.goto("/login");
  await loginPage.fill({ email, password: "one more guess" });
  await expect(page.getByTestId("auth-error")).toHaveText(
    /Too many failed sign-ins for this account\. Try again in \d+ minutes?\./,
  );
});

test("the server keys a sign-in on the TCP peer: forged X-Forwarded-For and peer headers are ignored", async ({
  playwright,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? "").origin;
  const api = await playwright.request.newContext({ baseURL });
  const res = await api.post("/api/auth/sign-in/email", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: { origin, "x-forwarded-for": "203.0.113.66", "x-fleetwatch-peer-address": "203.0.113.77" },
  });
  expect(res.status()).toBe(200);
  // better-auth records the address the console resolved: the peer this test connects from, 127.0.0.1.
  const session = (await (await api.get("/api/auth/get-session")).json()) as {
    session: { ipAddress: string };
  };
  expect(session.session.ipAddress).toBe("127.0.0.1");
  await api.dispose();
});
