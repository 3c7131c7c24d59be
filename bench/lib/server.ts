// Shared by the bench scripts: a throwaway PostgreSQL, a migrated database and a production server on it.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { type DbHandle, openDatabase } from "@/db/client";
import { prepareDatabase } from "@/lib/startup/prepare-database";
// @ts-expect-error: plain ESM helper shared with the scripts
import { createDatabase, startCluster } from "../../scripts/pg-cluster.mjs";

const root = path.resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Builds when needed (scripts/start.mjs) and serves on a free port; resolves once /api/health answers. `stop()`
 * resolves once the server has exited (SIGKILL after 15 s), so the database is not stopped under its shutdown.
 */
export async function startServer(
  databaseUrl: string,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = String(await freePort());
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: port,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const stop = async () => {
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(force);
  };
  return { url, pid: child.pid as number, stop };
}

/** A migrated database on BENCH_DATABASE_URL's server or a throwaway cluster. */
export async function benchDatabase(
  name: string,
  { durable = false }: { durable?: boolean } = {},
): Promise<{ url: string; handle: DbHandle; stop: () => Promise<void> }> {
  const cluster = process.env.BENCH_DATABASE_URL
    ? null
    : await startCluster({ name: `fleetwatch-${name}`, durable });
  const base = process.env.BENCH_DATABASE_URL ?? (cluster as { url: string }).url;
  const url: string = await createDatabase(base, `fleetwatch_${name}`);
  const handle = await openDatabase({ url });
  await prepareDatabase(handle);
  return {
    url,
    handle,
    stop: async () => {
      await handle.close();
      cluster?.stop();
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
