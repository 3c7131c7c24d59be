// A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl on a private port and socket
// directory, run as the postgres user when we are root (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const isRoot = process.getuid?.() === 0;

function sh(cmd, args, opts = {}) {
  const full = isRoot
    ? ["su", "postgres", "-s", "/bin/sh", "-c", [cmd, ...args].map(quote).join(" ")]
    : [cmd, ...args];
  const r = spawnSync(full[0], full.slice(1), { encoding: "utf8", ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

function quote(s) {
  return /^[\w./=:,-]+$/.test(s) ? s : `'${String(s).replaceAll("'", "'\\''")}'`;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function which(bin) {
  try {
    return execFileSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

/** Starts a cluster; returns { url, stop() }. */
export async function startCluster({ name = "fleetwatch-test" } = {}) {
  if (!which("initdb") || !which("pg_ctl")) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl) are not on the PATH. Install PostgreSQL 15+ " +
        "(Debian: apt-get install -y postgresql) or set TEST_DATABASE_URL to a server you run.",
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, "data");
  const sock = path.join(dir, "sock");
  fs.mkdirSync(sock);
  if (isRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const port = await freePort();
  sh("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const opts = [
    `-p ${port}`,
    `-k ${sock}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
    "-c shared_buffers=256MB",
  ].join(" ");
  sh("pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      sh("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch (error) {
      console.error(String(error));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
}

/** Creates a database in the cluster at `url` and returns its URL. */
export async function createDatabase(url, dbName) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${dbName}" with (force)`);
    await sql.unsafe(`create database "${dbName}"`);
  } finally {
    await sql.end();
  }
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}
