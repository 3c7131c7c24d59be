// The projector's database sessions yield the cores (lib/startup/thread-priority.ts lowerSessionPriority): on
// the test run's own PostgreSQL (on this machine, as the embedded database is), each backend of the pool gets
// the nice value, found by pg_backend_pid() and checked by its process title.
import os from "node:os";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { isLocalBackend, lowerSessionPriority } from "@/lib/startup/thread-priority";

const clients: postgres.Sql[] = [];
afterAll(async () => {
  for (const c of clients) await c.end({ timeout: 5 });
});

function pool(name: string, max: number) {
  const client = postgres(inject("databaseUrl"), {
    max,
    onnotice: () => {},
    connection: { application_name: name },
  });
  clients.push(client);
  return client;
}

const sessionsOf = async (client: postgres.Sql, name: string) =>
  (
    await client.unsafe<{ pid: number; port: number }[]>(
      "select pid, client_port as port from pg_stat_activity where application_name = $1 order by pid",
      [name],
    )
  ).map((r) => ({ pid: Number(r.pid), port: Number(r.port) }));

/** The nice value a new backend starts with (the server's own, 0 unless the run itself is niced). */
async function baseNice(): Promise<number> {
  const client = pool("fw-priority-base", 1);
  await client`select 1`;
  const [s] = await sessionsOf(client, "fw-priority-base");
  if (!s) throw new Error("no session");
  return os.getPriority(s.pid);
}

describe.runIf(process.platform === "linux")("lowerSessionPriority", () => {
  it("lowers each connection's backend once, and a backend that is not ours is left alone", async () => {
    const base = await baseNice();
    const target = Math.min(19, base + 7);
    const client = pool("fw-priority-test", 2);
    const lowered = new Set<string>();
    expect(await lowerSessionPriority(client, 2, target, lowered)).toBe(2);
    const sessions = await sessionsOf(client, "fw-priority-test");
    expect(sessions).toHaveLength(2);
    for (const s of sessions) {
      expect(isLocalBackend(s)).toBe(true);
      expect(os.getPriority(s.pid)).toBe(target);
    }
    // remembered: the second call changes nothing and still counts both
    expect([...lowered].sort()).toEqual(sessions.map((s) => `${s.pid}:${s.port}`).sort());
    expect(await lowerSessionPriority(client, 2, target, lowered)).toBe(2);
    // and never raised back: asked for less than they have, they keep it
    expect(await lowerSessionPriority(client, 2, Math.max(1, base), new Set())).toBe(2);
    for (const s of sessions) expect(os.getPriority(s.pid)).toBe(target);

    // the server's other sessions keep their priority
    const other = pool("fw-priority-other", 1);
    await other`select 1`;
    const [untouched] = await sessionsOf(other, "fw-priority-other");
    expect(untouched && os.getPriority(untouched.pid)).toBe(base);
  });

  it("takes a process for a backend only when its title names the session's client port", async () => {
    const client = pool("fw-priority-title", 1);
    await client`select 1`;
    const [s] = await sessionsOf(client, "fw-priority-title");
    if (!s) throw new Error("no session");
    expect(isLocalBackend(s)).toBe(true);
    expect(isLocalBackend({ pid: s.pid, port: s.port + 1 })).toBe(false); // someone else's session
    expect(isLocalBackend({ pid: process.pid, port: s.port })).toBe(false); // not a postgres process
    expect(isLocalBackend({ pid: s.pid, port: null })).toBe(false); // a Unix socket: nothing to check by
  });

  it("changes nothing with nice 0", async () => {
    const base = await baseNice();
    const client = pool("fw-priority-zero", 1);
    expect(await lowerSessionPriority(client, 1, 0)).toBe(0);
    await client`select 1`;
    const [s] = await sessionsOf(client, "fw-priority-zero");
    expect(s && os.getPriority(s.pid)).toBe(base);
  });
});
