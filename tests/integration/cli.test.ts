// The key:create command on the embedded database when no console runs: it starts the server for itself,
// and stops it when done (tests/integration/embedded.test.ts runs commands beside a running console).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { auditLog } from "@/db/schema";
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
      // the audit log: the project's creation, then the key's, both by the "cli" system actor, no secret
      const entries = await handle.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.actorId, "cli"))
        .orderBy(asc(auditLog.id));
      expect(entries.map((e) => [e.actorType, e.action, e.objectLabel?.slice(0, 8)])).toEqual([
        ["system", "project.create", "ci-fleet"],
        ["system", "key.create", `cli ${new Date().toISOString().slice(0, 4)}`],
      ]);
      expect(entries[1]?.after).toMatchObject({
        prefix: r.stdout.slice(0, 10),
        scopes: ["ingest", "read"],
        signed: false,
      });
      expect(JSON.stringify(entries)).not.toContain(r.stdout.trim());
    } finally {
      await handle.close();
      server.release();
    }
  });

  it("runs two at once on a stopped folder: both succeed and no server is left running", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FLEETWATCH_DATA_DIR: dataDir, LOG_LEVEL: "silent" };
    delete env.DATABASE_URL;
    const run = (project: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          path.join(root, "node_modules/.bin/tsx"),
          ["scripts/key-create.ts", "--project", project],
          {
            cwd: root,
            env,
          },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("exit", (status) => resolve({ status, stdout, stderr }));
      });
    const [a, b] = await Promise.all([run("twin-a"), run("twin-b")]);
    expect([a.status, b.status], a.stderr + b.stderr).toEqual([0, 0]);
    // The lock serialises finding/starting/stopping: the second finds the first's server running (or, if the
    // first was already done, starts its own); either way each start is matched by one stop.
    const starts = (a.stderr + b.stderr).match(/Embedded PostgreSQL started/g) ?? [];
    const stops = (a.stderr + b.stderr).match(/Stopping the embedded PostgreSQL/g) ?? [];
    expect(starts.length).toBeGreaterThanOrEqual(1);
    expect(stops.length).toBe(starts.length);
    const { pgdata, state } = embeddedPaths(dataDir);
    expect(fs.existsSync(path.join(pgdata, "postmaster.pid"))).toBe(false);
    expect(fs.existsSync(state)).toBe(false);
  });

  it("refuses bad input with a usage message", () => {
    const r = keyCreate(["--project", "ci-fleet", "--scope", "write"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--scope takes a comma-separated list of: ingest, read/);
    expect(r.stdout).toBe("");
  });
});
