// A primary and a hot standby on localhost, from the PostgreSQL binaries on this machine (initdb, pg_ctl,
// pg_basebackup): the primary with wal_level=replica and a replication line in pg_hba.conf, the standby made by
// pg_basebackup -R (standby.signal and primary_conninfo written for us) and streaming from it. Private ports and
// socket folder; as root, the servers run as the postgres user (PostgreSQL refuses root).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The folder of initdb, pg_ctl and pg_basebackup: on the PATH, else the newest /usr/lib/postgresql/N/bin. */
function pgBin(): string {
  const onPath = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" }).stdout.trim();
  const versions = fs.existsSync("/usr/lib/postgresql")
    ? fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [
    ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`),
    ...(onPath ? [path.dirname(fs.realpathSync(onPath))] : []),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "pg_basebackup")));
  if (!found) throw new Error("initdb, pg_ctl and pg_basebackup are needed (apt-get install postgresql)");
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

export type ReplicaCluster = {
  primaryUrl: string;
  replicaUrl: string;
  stopReplica: () => void;
  startReplica: () => void;
  /** Stops both servers and removes their folders (idempotent: call it in afterAll whatever happened). */
  stop: () => void;
};

export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const bin = pgBin();
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-replica-"));
  fs.chmodSync(dir, 0o755);
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid ?? user.uid);
  const primaryData = path.join(dir, "primary");
  const replicaData = path.join(dir, "replica");
  const sockets = path.join(dir, "sockets");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const run = (cmd: string, args: string[]) =>
    execFileSync(path.join(bin, cmd), args, { ...user, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const pgCtl = (data: string, action: string[]) => run("pg_ctl", ["-D", data, "-w", "-t", "30", ...action]);
  const started = new Set<string>();
  const start = (data: string, port: number) => {
    pgCtl(data, [
      "-l",
      `${data}.log`,
      "-o",
      `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1`,
      "start",
    ]);
    started.add(data);
  };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const data of started) {
      try {
        pgCtl(data, ["-m", "immediate", "stop"]);
      } catch {
        // already down
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    fs.mkdirSync(sockets, { mode: 0o755 });
    if (user.uid !== undefined) fs.chownSync(sockets, user.uid, user.gid ?? user.uid);
    run("initdb", ["-D", primaryData, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
    fs.appendFileSync(
      path.join(primaryData, "postgresql.conf"),
      "\nwal_level = replica\nmax_wal_senders = 5\nhot_standby = on\nfsync = off\nsynchronous_commit = off\n",
    );
    fs.appendFileSync(
      path.join(primaryData, "pg_hba.conf"),
      "\nhost replication postgres 127.0.0.1/32 trust\n",
    );
    start(primaryData, primaryPort);
    run("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres"],
      ...["-D", replicaData, "-R", "-X", "stream", "--no-sync"],
    ]);
    start(replicaData, replicaPort);
  } catch (error) {
    const logs = [primaryData, replicaData]
      .map((d) => `${d}.log`)
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, "utf8"))
      .join("\n");
    stop();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`could not start the primary and its standby: ${stderr}\n${logs}`, { cause: error });
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    stopReplica: () => pgCtl(replicaData, ["-m", "immediate", "stop"]),
    startReplica: () => start(replicaData, replicaPort),
    stop,
  };
}
