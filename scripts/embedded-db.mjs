// The embedded database: a real PostgreSQL server whose data lives in the data folder (FLEETWATCH_DATA_DIR,
// default ./.fleetwatch), listening on 127.0.0.1 only, on a free port, with a generated password.
//
//   <data>/postgres/      the cluster (owned by the postgres system user when we are root)
//   <data>/password       the generated password (0600)
//   <data>/server.json    { pid, port, users }: the running server and the processes using it
//   <data>/server.log     the server's log
//   <data>/lock           held for a moment while a process finds, starts or stops the server
//
// Any number of processes share the server: the console (`npm start`) and the commands (key:create, import,
// costs:check, db:migrate). Each registers its pid in server.json; the first starts the server, the last to
// leave stops it, so a command run beside the console leaves it running, and one run alone cleans up after
// itself. A server or pid file left by a crash is found out (dead pids are dropped, postmaster.pid is checked
// against the live process) and recovered on the next start.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { withLock, withLockSync } from "./file-lock.mjs";
import {
  assertReachable,
  chownToServer,
  freePort,
  initCluster,
  isAlive,
  isServerOf,
  readPostmasterPid,
  serverUser,
  startServer,
  stopServerSync,
} from "./pg-server.mjs";

const DATABASE = "fleetwatch";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A data folder made by Fleetwatch's earlier embedded engine, PGlite, which this version cannot open. */
export class PgliteFolderError extends Error {
  constructor(dataDir) {
    const old = path.join(dataDir, "pgdata");
    super(
      `${old} holds a database made by an earlier Fleetwatch with the embedded PGlite engine. The embedded ` +
        "database is now a real PostgreSQL server, which cannot open PGlite's files (a 32-bit WebAssembly " +
        "build: PostgreSQL refuses them as incompatible). Nothing was changed. To start afresh here, move it " +
        `aside (mv ${old} ${old}.pglite) and run the command again; session files can be brought back with ` +
        "npm run import. To keep using that data, run the previous Fleetwatch version on it.",
    );
    this.name = "PgliteFolderError";
  }
}

export function embeddedPaths(dataDir) {
  const at = (name) => path.join(dataDir, name);
  return {
    pgdata: at("postgres"),
    password: at("password"),
    state: at("server.json"),
    log: at("server.log"),
    lock: at("lock"),
  };
}

function urlOf(password, port) {
  return `postgres://fleetwatch:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

// --- state

function readState(file) {
  try {
    const s = JSON.parse(fs.readFileSync(file, "utf8"));
    return { pid: Number(s.pid), port: Number(s.port), users: (s.users ?? []).filter(Number.isInteger) };
  } catch {
    return null;
  }
}

function writeState(file, state) {
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

async function query(url, text) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    return await sql.unsafe(text);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function readPassword(file) {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

/** First run: a generated password and an initialised cluster (made beside, then renamed into place). */
async function initialise(dataDir, user, log) {
  const p = embeddedPaths(dataDir);
  let password = readPassword(p.password);
  if (!password) {
    password = crypto.randomBytes(24).toString("base64url");
    fs.writeFileSync(p.password, `${password}\n`, { mode: 0o600 });
  }
  const staging = `${p.pgdata}.init`;
  const pwfile = path.join(dataDir, ".initdb-password");
  fs.rmSync(staging, { recursive: true, force: true });
  fs.writeFileSync(pwfile, password, { mode: 0o600 });
  chownToServer(pwfile, user);
  try {
    log(`Initialising the embedded PostgreSQL in ${p.pgdata}`);
    await initCluster({
      dataDir: staging,
      user,
      superuser: "fleetwatch",
      passwordFile: pwfile,
      auth: "scram-sha-256",
    });
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.renameSync(staging, p.pgdata);
}

/** Starts the server on a free port (a port taken between the check and the bind gets another try). */
async function start(dataDir, user, log) {
  const p = embeddedPaths(dataDir);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const pid = await startServer({ dataDir: p.pgdata, port, user, logFile: p.log });
      log(`Embedded PostgreSQL started on 127.0.0.1:${port} (pid ${pid})`);
      return { pid, port };
    } catch (error) {
      if (attempt === 3 || !/could not bind|already in use/i.test(error.message)) throw error;
    }
  }
}

/** The live server of the folder, waiting out one that is starting or stopping; null when none runs. */
async function findRunning(dataDir, password, log) {
  const p = embeddedPaths(dataDir);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const pm = readPostmasterPid(p.pgdata);
    if (!pm) return null;
    if (!isServerOf(pm.pid, p.pgdata)) {
      // Left by a crash (the pid is dead, or now belongs to another program): PostgreSQL would refuse to
      // start while the file names a live process, so it goes.
      log(`Removing a stale postmaster.pid (pid ${pm.pid} is not this folder's server)`);
      fs.rmSync(path.join(p.pgdata, "postmaster.pid"), { force: true });
      return null;
    }
    if (pm.status === "ready") {
      const url = urlOf(password, pm.port);
      try {
        await query(url, "select 1");
        return { pid: pm.pid, port: pm.port, url };
      } catch (error) {
        if (/password authentication failed/i.test(error.message)) {
          throw new Error(`The embedded PostgreSQL refuses the password in ${p.password}: ${error.message}`);
        }
      }
    }
    await sleep(100);
  }
  throw new Error(`The embedded PostgreSQL in ${p.pgdata} runs but does not answer; see ${p.log}`);
}

/**
 * Connects this process to the folder's server, starting it when none runs. Returns its URL and release(),
 * which unregisters this process and stops the server when no other live process uses it (also done on
 * exit). Throws PgliteFolderError for a folder of the old engine, leaving it untouched.
 */
export async function openEmbedded({ dataDir: given, log = () => {} }) {
  const dataDir = path.resolve(given);
  if (fs.existsSync(path.join(dataDir, "pgdata"))) throw new PgliteFolderError(dataDir);
  const p = embeddedPaths(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const user = serverUser();
  // The server's user must reach its cluster inside; the password file stays the owner's alone (0600).
  if (user.uid !== undefined) fs.chmodSync(dataDir, 0o711);
  assertReachable(dataDir, user);
  const server = await withLock(p.lock, async () => {
    let password = readPassword(p.password);
    let running = password ? await findRunning(dataDir, password, log) : null;
    if (!running) {
      if (!fs.existsSync(path.join(p.pgdata, "PG_VERSION"))) {
        if (fs.existsSync(p.pgdata)) fs.rmdirSync(p.pgdata); // an empty folder only; anything else throws
        await initialise(dataDir, user, log);
        password = readPassword(p.password);
      }
      if (!password) throw new Error(`${p.password} is missing: the embedded server's password is lost`);
      const { pid, port } = await start(dataDir, user, log);
      running = { pid, port, url: urlOf(password, port) };
      const base = new URL(running.url);
      base.pathname = "/postgres";
      const exists = await query(base.toString(), `select 1 from pg_database where datname = '${DATABASE}'`);
      if (exists.length === 0) await query(base.toString(), `create database ${DATABASE}`);
    }
    const users = (readState(p.state)?.users ?? []).filter((u) => u !== process.pid && isAlive(u));
    writeState(p.state, { pid: running.pid, port: running.port, users: [...users, process.pid] });
    return running;
  });

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    withLockSync(p.lock, () => {
      const state = readState(p.state);
      const others = (state?.users ?? []).filter((u) => u !== process.pid && isAlive(u));
      if (others.length > 0) return writeState(p.state, { ...state, users: others });
      const pm = readPostmasterPid(p.pgdata);
      if (pm && isServerOf(pm.pid, p.pgdata)) {
        log("Stopping the embedded PostgreSQL");
        stopServerSync(pm.pid);
      }
      fs.rmSync(p.state, { force: true });
    });
  };
  process.on("exit", release);
  return { ...server, release };
}

/**
 * Runs `steps` (each `{ command, args, cwd, announce }`, announce logged first) one after another as child
 * processes with DATABASE_URL set to the embedded server (or to `databaseUrl` when given), forwarding SIGINT,
 * SIGTERM and SIGHUP to the one running. When the last step ends, one fails, or a signal stops it, the server is released and this
 * process exits with that status. This is the lifetime of `npm start`.
 */
export async function runWithDatabase({ dataDir, databaseUrl, log = console.log, steps }) {
  let db = null;
  try {
    db = databaseUrl ? null : await openEmbedded({ dataDir, log });
  } catch (error) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl ?? db.url };
  let child = null;
  let stopSignal = null;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      stopSignal ??= signal;
      if (child) child.kill(signal);
      else finish(128);
    });
  }
  function finish(code) {
    db?.release();
    process.exit(code);
  }
  for (const step of steps) {
    if (stopSignal) break;
    if (step.announce) log(step.announce);
    child = spawn(step.command, step.args, { cwd: step.cwd, stdio: "inherit", env });
    const code = await new Promise((resolve) => {
      child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
      child.on("error", () => resolve(1));
    });
    child = null;
    if (code !== 0 || stopSignal) finish(stopSignal ? 0 : code);
  }
  finish(0);
}
