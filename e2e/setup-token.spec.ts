// Issue 19, point 18, seen from a browser and the server's own log: a second console on a fresh database that
// listens on every interface (scripts/server.mjs -H 0.0.0.0) logs a setup link with a one-time token and no better-auth
// "Base URL is not set" warning; its setup page asks for the token, refuses a wrong one with the server's
// reason, and the logged link sets the console up; every request is logged with its status and duration.
import { type ChildProcess, spawn } from "node:child_process";
// @ts-expect-error: plain ESM helper shared with the scripts
import { createDatabase } from "../scripts/pg-cluster.mjs";
import { ADMIN, expect, shot, test } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
const BASE = `http://127.0.0.1:${PORT}`;

test.use({ expectedConsoleErrors: /status of 403/ });

test.describe("first-time setup on a console listening beyond localhost", () => {
  let server: ChildProcess | undefined;
  let log = "";
  const tokenInLog = () => /\/setup\?token=([A-Za-z0-9_-]+)/.exec(log)?.[1] ?? null;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const databaseUrl: string = await createDatabase(
      process.env.E2E_DATABASE_URL,
      "fleetwatch_e2e_setup_token",
    );
    server = spawn(process.execPath, ["scripts/server.mjs", "-p", String(PORT), "-H", "0.0.0.0"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "info", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk) => {
      log += chunk;
    });
    server.stderr?.on("data", (chunk) => {
      log += chunk;
    });
    await expect.poll(tokenInLog, { timeout: 90_000 }).not.toBeNull();
    // the link is logged while the server starts: it answers once it listens
    await expect.poll(() => log.includes("Ready on"), { timeout: 30_000 }).toBe(true);
  });
  test.afterAll(() => {
    server?.kill("SIGTERM");
  });

  test("the setup page asks for the logged token, refuses a wrong one, and the logged link works once", async ({
    page,
    loginPage,
  }) => {
    const token = tokenInLog() ?? "";
    // the startup line: the setup link on localhost, with the token (base64url of 24 bytes: 32 characters)
    expect(token).toHaveLength(32);
    expect(log).toContain(`http://localhost:${PORT}/setup?token=${token}`);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${BASE}/setup`);
    await expect(page.getByTestId("setup-token")).toBeVisible();
    await expect(page.getByTestId("setup-token")).toHaveValue("");
    await page.getByTestId("setup-token").fill("not-the-token");
    await loginPage.fill(ADMIN);
    await expect(page.getByTestId("auth-error")).toContainText(
      "That setup token is not the one in the server log",
    );
    await shot(page, "setup-token-wrong");

    // the link from the log fills the field in
    await page.goto(`${BASE}/setup?token=${token}`);
    await expect(page.getByTestId("setup-token")).toHaveValue(token);
    await shot(page, "setup-token-link");
    await loginPage.fill(ADMIN);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

    // used once: setup is closed now
    await page.goto(`${BASE}/setup?token=${token}`);
    await expect(page).toHaveURL(/\/(login)?$/);

    // the server's log: one line per request with method, path (no query: the token never shows), status and
    // duration; and better-auth found its base URL
    await expect.poll(() => /"msg":"GET \/setup 200 \d+(\.\d)?ms"/.test(log)).toBe(true);
    expect(log).toMatch(/"method":"POST","path":"\/api\/auth\/sign-up\/email","status":403,"durationMs":/);
    expect(log).toMatch(/"method":"POST","path":"\/api\/auth\/sign-up\/email","status":200,"durationMs":/);
    const requestLines = log.split("\n").filter((line) => line.includes('"durationMs"'));
    expect(requestLines.filter((line) => line.includes(token))).toEqual([]);
    expect(log).not.toContain("Base URL is not set");
  });
});
