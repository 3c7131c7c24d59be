// The key:create command on the embedded database when no console runs: it starts the server for itself,
// and stops it when done (tests/integration/embedded.test.ts runs commands beside a running console).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { findApiKey } from "@/lib/auth/api-keys";
import { embeddedPaths, openEmbedded } from "@/scripts/embedded-db.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-cli-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function keyCreate(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, FLEETWATCH_DATA_DIR: dataDir, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/key-create.ts", ...args], {
    cwd: root,
    env,
    encoding: "utf8",
  });
}

describe("npm run key:create on the embedded database", () => {
  it("creates the project, prints the key alone on stdout, and stops the server it started", async () => {
    const r = keyCreate(["--project", "ci-fleet", "--scope", "ingest,read"]);
    expect(r.stderr).toContain("created ingest+read key for project ci-fleet");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^fw_[0-9A-Za-z]{32}\n$/);
    const { pgdata, state } = embeddedPaths(dataDir);
    expect(fs.existsSync(path.join(pgdata, "postmaster.pid"))).toBe(false);
    expect(fs.existsSync(state)).toBe(false);

    const server = await openEmbedded({ dataDir });
    const handle = await openDatabase({ url: server.url });
    try {
      const record = await findApiKey({ db: handle.db, key: r.stdout.trim() });
      expect(record?.scopes).toEqual(["ingest", "read"]);
    } finally {
      await handle.close();
      server.release();
    }
  });

  it("refuses bad input with a usage message", () => {
    const r = keyCreate(["--project", "ci-fleet", "--scope", "write"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--scope takes a comma-separated list of: ingest, read/);
    expect(r.stdout).toBe("");
  });
});
