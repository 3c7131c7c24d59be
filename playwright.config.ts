import { defineConfig } from "@playwright/test";

// Chromium comes from the system (never downloaded): scripts/test.mjs finds it and fails clearly if missing.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
const PORT = Number(process.env.E2E_PORT ?? 3100);
const OUT = process.env.E2E_OUT_DIR ?? "test-results";
export const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: `${OUT}-report` }]],
  outputDir: OUT,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /first-run\.setup\.ts/ },
    { name: "console", testMatch: /.*\.spec\.ts/, dependencies: ["setup"] },
  ],
  webServer: {
    command: `node scripts/server.mjs -p ${PORT} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      LOG_LEVEL: "warn",
      // the standups spec delivers to a receiver on 127.0.0.1
      FLEETWATCH_WEBHOOK_ALLOW_PRIVATE: "1",
      // the alerts journey waits for the evaluator: a tick every 3 s instead of every minute
      FLEETWATCH_ALERT_EVALUATE_EVERY_SECONDS: "3",
      // the sso spec's identity provider (oidc-provider) runs on 127.0.0.1
      FLEETWATCH_OIDC_ALLOW_PRIVATE: "1",
    },
  },
});
