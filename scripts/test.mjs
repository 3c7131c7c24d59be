#!/usr/bin/env node
// `npm test`: the whole suite. Unit and integration tests (vitest) against real PostgreSQL,
// then end-to-end tests (Playwright, Chromium) against a production build on a fresh database.
// PostgreSQL: TEST_DATABASE_URL when set, else a throwaway cluster started and stopped here.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createDatabase, startCluster } from "./pg-cluster.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const only = process.argv[2]; // "unit" | "e2e" | undefined (all)
// Extra arguments go to vitest (unit) or playwright (e2e): `node scripts/test.mjs e2e e2e/costs.spec.ts`.
const extra = process.argv.slice(3);

function chromiumPath() {
  const candidates = [process.env.PLAYWRIGHT_CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p) => p && fs.existsSync(p)) ?? null;
}

function run(cmd, args, env) {
  console.log(`\n$ ${[path.basename(cmd), ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

let cluster = null;
const cleanup = () => cluster?.stop();
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});
process.on("SIGTERM", () => {
  cleanup();
  process.exit(143);
});

let status = 0;
try {
  const env = { NEXT_TELEMETRY_DISABLED: "1" };
  let baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    cluster = await startCluster();
    baseUrl = cluster.url;
    console.log(`Started a throwaway PostgreSQL on port ${cluster.port}`);
  }
  env.TEST_DATABASE_URL = baseUrl;

  if (!only) {
    status = run(bin("biome"), ["ci", "."], env) || run(bin("tsc"), ["--noEmit", "-p", "."], env);
  }
  if (status === 0 && (!only || only === "unit")) {
    status = run(bin("vitest"), ["run", ...(only ? extra : [])], env);
  }
  if (status === 0 && (!only || only === "e2e")) {
    const chromium = chromiumPath();
    if (!chromium) {
      console.error(
        "\nNo Chromium found for the end-to-end tests. Install one (Debian: apt-get install -y chromium) " +
          "or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary. This suite never downloads a browser.",
      );
      status = 1;
    } else {
      const e2eDb = await createDatabase(baseUrl, "fleetwatch_e2e");
      const e2eEnv = {
        ...env,
        PLAYWRIGHT_CHROMIUM_PATH: chromium,
        DATABASE_URL: e2eDb,
        E2E_DATABASE_URL: e2eDb,
      };
      status = run(bin("next"), ["build"], e2eEnv);
      if (status === 0) status = run(bin("playwright"), ["test", ...(only ? extra : [])], e2eEnv);
    }
  }
} catch (error) {
  console.error(error);
  status = 1;
} finally {
  cleanup();
}
process.exit(status);
