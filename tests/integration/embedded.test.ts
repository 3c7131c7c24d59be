// The embedded database of `npm start` in a temporary data folder, through the real code paths: the console's
// lifetime (runWithDatabase, what scripts/start.mjs runs, with a stand-in for `next start` that prints the
// DATABASE_URL it was given), commands run beside it (key:create, import), SIGTERM, recovery after kill -9,
// and a folder left by the old PGlite engine.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { type DbHandle, migrateDatabase, openDatabase } from "@/db/client";
import { findApiKey } from "@/lib/auth/api-keys";
import { embeddedPaths, openEmbedded, PgliteFolderError } from "@/scripts/embedded-db.mjs";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-embedded-"));
const paths = embeddedPaths(dataDir);
const owners: ChildProcess[] = [];
afterAll(() => {
  for (const o of owners) if (o.exitCode === null) o.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function cleanEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FLEETWATCH_DATA_DIR: dir, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL; // setup-env points it at the test database
  return env;
}

/** `npm start` without Next.js: the console's stand-in prints "<its pid> <DATABASE_URL>" and waits. */
async function startConsole(dir: string) {
  const owner = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { runWithDatabase } from ${JSON.stringify(path.join(root, "scripts/embedded-db.mjs"))};
       await runWithDatabase({ dataDir: process.env.FLEETWATCH_DATA_DIR, log: () => {}, steps: [{
         command: process.execPath,
         args: ["-e", "console.log(process.pid, process.env.DATABASE_URL); setInterval(() => {}, 1000)"],
       }] });`,
    ],
    { env: cleanEnv(dir), stdio: ["ignore", "pipe", "inherit"] },
  );
  owners.push(owner);
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    owner.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0] as string);
    });
    owner.on("exit", (code) => reject(new Error(`the console exited (${code}) before serving`)));
  });
  const [consolePid, url] = line.split(" ");
  return { owner, consolePid: Number(consolePid), url: url as string };
}

function command(script: string, args: string[], dir = dataDir) {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), [script, ...args], {
    cwd: root,
    env: cleanEnv(dir),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (status) => resolve({ status, stdout, stderr })),
  );
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    p.exitCode !== null ? resolve(p.exitCode) : p.on("exit", resolve),
  );
const postmasterPid = () =>
  Number(fs.readFileSync(path.join(paths.pgdata, "postmaster.pid"), "utf8").split("\n")[0]);
const alive = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
const state = () => JSON.parse(fs.readFileSync(paths.state, "utf8")) as { pid: number; users: number[] };

describe("the embedded PostgreSQL", () => {
  let first: Awaited<ReturnType<typeof startConsole>>;
  let handle: DbHandle;

  it("initialises the folder on first start and serves PostgreSQL on 127.0.0.1 with a generated password", async () => {
    first = await startConsole(dataDir);
    const password = fs.readFileSync(paths.password, "utf8").trim();
    expect(fs.statSync(paths.password).mode & 0o777).toBe(0o600);
    expect(password).toMatch(/^[\w-]{32}$/); // 24 random bytes in base64url
    const url = new URL(first.url);
    expect([url.username, url.hostname, url.pathname]).toEqual(["fleetwatch", "127.0.0.1", "/fleetwatch"]);
    expect(decodeURIComponent(url.password)).toBe(password);

    handle = await openDatabase({ url: first.url });
    await migrateDatabase(handle);
    const raw = postgres(first.url, { max: 1 });
    const [settings] = await raw`select version() as version, current_setting('listen_addresses') as listen,
      current_setting('unix_socket_directories') as sockets, (select 1) as one`;
    await raw.end();
    expect(settings).toMatchObject({ listen: "127.0.0.1", sockets: "", one: 1 });
    expect(settings?.version).toMatch(/^PostgreSQL 18\./);
    expect(state()).toEqual({ pid: postmasterPid(), port: Number(url.port), users: [first.owner.pid] });
    if (process.getuid?.() === 0) expect(fs.statSync(`/proc/${postmasterPid()}`).uid).not.toBe(0);
  });

  it("lets key:create and import run beside the console, on the same server, while it holds a connection", async () => {
    const server = postmasterPid();
    const raw = postgres(first.url, { max: 1 });
    const held = await raw.reserve();
    await held`begin`;
    await held`select count(*) from project`; // a session of the console, mid-transaction
    const created = await command("scripts/key-create.ts", ["--project", "default"]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^fw_[0-9A-Za-z]{32}\n$/);
    const imported = await command("scripts/import.ts", [
      path.join(FIXTURES_DIR, "codex"),
      "--project",
      "beside",
    ]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/entries +(\d+) \(\1 new, 0 already there\)/);
    await held`commit`;
    held.release();
    await raw.end();
    // The console sees the key at once: same server, nothing restarted, the commands gone from the users.
    const record = await findApiKey({ db: handle.db, key: created.stdout.trim() });
    expect(record?.scopes).toEqual(["ingest"]);
    expect(postmasterPid()).toBe(server);
    expect(state().users).toEqual([first.owner.pid]);
  });

  it("stops the server cleanly when the console gets SIGTERM", async () => {
    await handle.close();
    const server = postmasterPid();
    first.owner.kill("SIGTERM");
    expect(await exited(first.owner)).toBe(0);
    expect(alive(server)).toBe(false);
    expect(alive(first.consolePid)).toBe(false);
    expect(fs.existsSync(path.join(paths.pgdata, "postmaster.pid"))).toBe(false);
    expect(fs.existsSync(paths.state)).toBe(false);
    expect(fs.readFileSync(paths.log, "utf8")).toContain("database system is shut down");
  });

  it("recovers after the console and the server were killed with kill -9", async () => {
    const again = await startConsole(dataDir);
    const server = postmasterPid();
    for (const pid of [again.owner.pid as number, again.consolePid, server]) process.kill(pid, "SIGKILL");
    await exited(again.owner);
    await expect.poll(() => alive(server)).toBe(false);
    // What a crash leaves: postmaster.pid and server.json naming dead processes. Worse, the pid in
    // postmaster.pid now belongs to another program (this test process), which PostgreSQL itself could
    // mistake for a live server.
    const pidFile = path.join(paths.pgdata, "postmaster.pid");
    const lines = fs.readFileSync(pidFile, "utf8").split("\n");
    fs.writeFileSync(pidFile, [String(process.pid), ...lines.slice(1)].join("\n"));
    expect(state().users).toEqual([again.owner.pid]);
    fs.writeFileSync(paths.lock, String(again.owner.pid)); // as if it died while starting the server

    const created = await command("scripts/key-create.ts", ["--project", "after-crash"]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stderr).toContain(
      `Removing a stale postmaster.pid (pid ${process.pid} is not this folder's server)`,
    );
    // The command started the server for itself and stopped it when done.
    expect(created.stderr).toContain("Stopping the embedded PostgreSQL");
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(fs.existsSync(paths.state)).toBe(false);
    expect(fs.existsSync(paths.lock)).toBe(false);

    const third = await startConsole(dataDir); // and the console starts again on the same data
    const db = await openDatabase({ url: third.url });
    expect(await findApiKey({ db: db.db, key: created.stdout.trim() })).not.toBeNull();
    await db.close();
    third.owner.kill("SIGINT");
    expect(await exited(third.owner)).toBe(0);
  });

  it("refuses a folder made by PGlite with what to do, and leaves it byte for byte as it was", async () => {
    const old = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-pglite-"));
    try {
      // What PGlite 0.5 left in .fleetwatch: a data directory named pgdata (PG_VERSION, global/pg_control, ...).
      fs.mkdirSync(path.join(old, "pgdata", "global"), { recursive: true });
      fs.writeFileSync(path.join(old, "pgdata", "PG_VERSION"), "18\n");
      fs.writeFileSync(path.join(old, "pgdata", "global", "pg_control"), Buffer.from([1, 2, 3, 250, 0, 7]));
      const snapshot = () =>
        (fs.readdirSync(old, { recursive: true }) as string[]).sort().map((f) => {
          const p = path.join(old, f);
          return `${f} ${fs.statSync(p).isFile() ? createHash("sha256").update(fs.readFileSync(p)).digest("hex") : "dir"}`;
        });
      const before = snapshot();

      const r = await command("scripts/key-create.ts", ["--project", "default"], old);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(
        `${path.join(old, "pgdata")} holds a database made by an earlier Fleetwatch`,
      );
      expect(r.stderr).toContain(`mv ${path.join(old, "pgdata")} ${path.join(old, "pgdata")}.pglite`);
      await expect(openEmbedded({ dataDir: old })).rejects.toBeInstanceOf(PgliteFolderError);
      expect(snapshot()).toEqual(before);
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });
});
