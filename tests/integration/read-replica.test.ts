// The read replica (issue 17, point 5) on a real primary and hot standby (tests/helpers/replica-cluster.ts):
// dashboards and the read API read the standby, whoever just wrote reads the primary, and a standby that lags
// past FLEETWATCH_READ_MAX_LAG_MS or is down is skipped until it is back.
// The app's modules are imported only once the clusters run and the environment names them (lib/env.ts reads
// process.env once, at its first import), hence the dynamic imports.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReplicaCluster, startReplicaCluster } from "../helpers/replica-cluster";

const MAX_LAG_MS = 3000;
const ORIGIN = "http://fleetwatch.test";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: ReplicaCluster;
let primarySql: postgres.Sql;
let replicaSql: postgres.Sql;
let app: Awaited<ReturnType<typeof loadApp>>;
let slug: string;
let writerKey: string; // read + config: writes silences, then reads them
let readerKey: string; // read only: never writes, so never marked
let sessionCookie: string;

async function loadApp() {
  const { getDb, getDbHandle } = await import("@/db/client");
  const read = await import("@/db/read");
  const silences = await import("@/app/api/v1/silences/route");
  const health = await import("@/app/api/health/route");
  const { createApiKey } = await import("@/lib/auth/api-keys");
  const { ensureProject } = await import("@/lib/projects/queries");
  const users = await import("../helpers/users");
  const { sql } = await import("drizzle-orm");
  return { getDb, getDbHandle, read, silences, health, createApiKey, ensureProject, users, sql };
}

/** Waits until the standby has replayed everything the primary wrote so far. */
async function caughtUp() {
  const [row] = await primarySql<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`;
  for (let i = 0; i < 200; i++) {
    const [replayed] = await replicaSql<{ done: boolean }[]>`
      select pg_last_wal_replay_lsn() >= ${row?.lsn ?? "0/0"}::pg_lsn as done`;
    if (replayed?.done) return;
    await sleep(50);
  }
  throw new Error("the standby did not catch up");
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > end) {
      if (!ok(value)) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      return value;
    }
    await sleep(200);
  }
}

const ctx = { params: Promise.resolve({}) };
function request(method: string, auth: { key?: string; cookie?: string }, body?: unknown) {
  const headers: Record<string, string> = { host: new URL(ORIGIN).host, origin: ORIGIN };
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  if (body) headers["content-type"] = "application/json";
  const init = { method, headers, body: body ? JSON.stringify(body) : undefined };
  return new Request(`${ORIGIN}/api/v1/silences?project=${slug}`, init);
}

/** The reasons of the project's silences, as GET /api/v1/silences answers them to `auth`. */
async function listed(auth: { key?: string; cookie?: string }): Promise<string[]> {
  const res = await app.silences.GET(request("GET", auth), ctx);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { silences: { reason: string | null }[] };
  return body.silences.map((s) => s.reason ?? "");
}

async function addSilence(auth: { key?: string; cookie?: string }, reason: string) {
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const res = await app.silences.POST(request("POST", auth, { reason, endsAt }), ctx);
  expect(res.status).toBe(201);
  return res;
}

async function health() {
  const res = await app.health.GET();
  return (await res.json()) as { status: string; replica: string; replicaLagMs: number | null };
}

async function inRecovery(db: Awaited<ReturnType<typeof app.read.getReadDb>>): Promise<boolean> {
  const rows = (await db.execute(app.sql`select pg_is_in_recovery() as r`)) as unknown as { r: boolean }[];
  return rows[0]?.r ?? false;
}

beforeAll(async () => {
  cluster = await startReplicaCluster();
  process.env.DATABASE_URL = cluster.primaryUrl;
  process.env.FLEETWATCH_READ_DATABASE_URL = cluster.replicaUrl;
  process.env.FLEETWATCH_READ_MAX_LAG_MS = String(MAX_LAG_MS);
  primarySql = postgres(cluster.primaryUrl, { max: 1, onnotice: () => {} });
  replicaSql = postgres(cluster.replicaUrl, { max: 1, onnotice: () => {} });
  app = await loadApp();
  const db = await app.getDb(); // migrates the primary; the standby replays it
  const project = await app.ensureProject({ db, slug: `replica-${Date.now()}` });
  slug = project.slug;
  const key = async (scopes: ("read" | "config")[]) =>
    (await app.createApiKey({ db, projectId: project.id, name: "k", scopes })).key;
  writerKey = await key(["config", "read"]);
  readerKey = await key(["read"]);
  const admin = await app.users.createUser(db, "admin");
  sessionCookie = await app.users.signIn(admin);
  await caughtUp();
}, 120_000);

afterAll(async () => {
  await app?.read.closeReadPools().catch(() => {});
  await (await app?.getDbHandle().catch(() => null))?.close();
  await primarySql?.end({ timeout: 1 });
  await replicaSql?.end({ timeout: 1 });
  cluster?.stop();
});

describe("read replica", () => {
  it("sends a page's reads and the read API to the standby, settings pages to the primary", async () => {
    // the pool pages take (getReadDb) and the one settings pages take (getPrimaryReadDb)
    expect(await inRecovery(await app.read.getReadDb())).toBe(true);
    expect(await inRecovery(await app.read.getPrimaryReadDb())).toBe(false);
    // a read route proves it by its data: a silence written on the primary while the standby's replay is paused
    // is not in its answer (the standby's lag stays under 3 s for this moment: it just caught up)
    await replicaSql`select pg_wal_replay_pause()`;
    await primarySql`insert into silence (project_id, reason, ends_at) select id, 'behind the primary', now() + interval '1 hour' from project where slug = ${slug}`;
    expect(await listed({ key: readerKey })).not.toContain("behind the primary");
    expect(await health()).toMatchObject({ status: "ok", replica: "ok" });
    await replicaSql`select pg_wal_replay_resume()`;
    await caughtUp();
    expect(await listed({ key: readerKey })).toContain("behind the primary");
  });

  it("lets whoever just wrote read it at once, while others still read the paused standby", async () => {
    await caughtUp();
    await replicaSql`select pg_wal_replay_pause()`;
    // a key: its mark is kept in this process
    await addSilence({ key: writerKey }, "by the writer key");
    expect(await listed({ key: writerKey })).toContain("by the writer key");
    expect(await listed({ key: readerKey })).not.toContain("by the writer key");
    // a session: the answer to its change sets fw_primary_until, which its next requests carry
    const res = await addSilence({ cookie: sessionCookie }, "by the session");
    const marker = res.headers.getSetCookie().find((c) => c.startsWith("fw_primary_until="));
    expect(marker).toMatch(/HttpOnly/);
    // the window is the lag threshold plus 2 s: 3000 + 2000 = 5000 ms, so Max-Age=5
    expect(marker).toMatch(/Max-Age=5/);
    const withMarker = `${sessionCookie}; ${marker?.split(";")[0]}`;
    expect(await listed({ cookie: withMarker })).toContain("by the session");
    expect(await listed({ cookie: sessionCookie })).not.toContain("by the session");
  });

  it("reads the primary once the paused standby lags past the threshold, and the standby again once it replays", async () => {
    // still paused from the test above, with WAL waiting: its lag grows from the last replayed commit
    const lagging = await until("the lag to pass 3 s", health, (h) => h.replica === "lagging");
    expect(lagging.replicaLagMs).toBeGreaterThan(MAX_LAG_MS);
    // the reader key never wrote, yet now sees both silences: its reads went to the primary
    expect(await listed({ key: readerKey })).toEqual(
      expect.arrayContaining(["by the writer key", "by the session"]),
    );
    expect(await inRecovery(await app.read.getReadDb())).toBe(false);
    await replicaSql`select pg_wal_replay_resume()`;
    await until("the standby to be used again", health, (h) => h.replica === "ok");
    expect(await inRecovery(await app.read.getReadDb())).toBe(true);
    expect(await listed({ key: readerKey })).toEqual(
      expect.arrayContaining(["by the writer key", "by the session"]),
    );
  });

  it("keeps reading when the standby dies (retrying on the primary) and returns to it once restarted", async () => {
    const replicaDb = await app.read.getReadDb(); // taken while the standby is up
    expect(await inRecovery(replicaDb)).toBe(true);
    cluster.stopReplica();
    // a query on the standby's pool meets a closed connection and is run again on the primary
    expect(await inRecovery(replicaDb)).toBe(false);
    expect(await listed({ key: readerKey })).toContain("by the session");
    expect((await until("the standby to be seen down", health, (h) => h.replica === "down")).status).toBe(
      "ok",
    );
    expect(await inRecovery(await app.read.getReadDb())).toBe(false);
    cluster.startReplica();
    await until("the standby to be back", health, (h) => h.replica === "ok");
    expect(await inRecovery(await app.read.getReadDb())).toBe(true);
  });
});
