// Background threads yield the cores to the server thread (pages, the read API) when both want them: the
// ingest and projector threads lower their own scheduling priority (Linux: a thread's nice value, set through
// its thread id; lowering one's own needs no privilege), and the projector's PostgreSQL backends when the
// database runs on this machine (ADR 0041). Elsewhere, or if the system refuses, nothing changes.
import fs from "node:fs";
import os from "node:os";

/**
 * Sets thread or process `id` to nice value `nice` (at most 19) unless it is there or lower already: priorities
 * are only ever lowered (a server or database started at a higher nice value keeps it). Throws when refused.
 */
function lowerNice(id: number, nice: number): boolean {
  const target = Math.min(19, Math.trunc(nice));
  if (os.getPriority(id) < target) os.setPriority(id, target);
  return os.getPriority(id) >= target;
}

/** Lowers this thread's priority to nice value `nice` (0-19), never raising it; true when it is there or lower. */
export function lowerThreadPriority(nice: number): boolean {
  if (nice <= 0 || process.platform !== "linux") return false;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>"
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    return lowerNice(tid, nice);
  } catch {
    return false;
  }
}

/** The client side of one PostgreSQL session: its backend's process id and the client's TCP port. */
export type SessionIdentity = { pid: number; port: number | null };

/**
 * Whether process `pid` on THIS machine is the PostgreSQL backend serving the client on `port`: its process
 * title reads "postgres: <user> <db> <address>(<port>) <state>". A database on another machine (or in another
 * process namespace) has no such process here, or one serving someone else.
 */
export function isLocalBackend({ pid, port }: SessionIdentity): boolean {
  if (process.platform !== "linux" || !Number.isInteger(pid) || pid <= 0 || port == null) return false;
  try {
    const title = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return title.startsWith("postgres: ") && title.includes(`(${port}) `);
  } catch {
    return false;
  }
}

type Reservable = {
  reserve(): Promise<{
    unsafe(query: string): Promise<Record<string, unknown>[]>;
    release(): void;
  }>;
};

/**
 * Background work's database sessions yield too: when PostgreSQL runs on this machine (the embedded database),
 * the backend processes of `connections` connections of `client` (a postgres.js pool, all of them reserved at
 * once so each is a different connection) get nice value `nice`. `lowered` remembers the sessions done (by pid
 * and port, so a reused pid is checked again) between calls, and forgets those gone. Returns how many of the
 * sessions are lowered now. Needs the database's OS user or root; otherwise, or elsewhere, nothing changes.
 */
export async function lowerSessionPriority(
  client: Reservable,
  connections: number,
  nice: number,
  lowered: Set<string> = new Set(),
): Promise<number> {
  if (nice <= 0 || process.platform !== "linux") return 0;
  const reserved = [];
  try {
    for (let i = 0; i < connections; i++) reserved.push(await client.reserve());
    const now = new Set<string>();
    for (const r of reserved) {
      const [row] = await r.unsafe("select pg_backend_pid() as pid, inet_client_port() as port");
      const session = { pid: Number(row?.pid), port: row?.port == null ? null : Number(row.port) };
      const key = `${session.pid}:${session.port}`;
      if (lowered.has(key)) now.add(key);
      else if (isLocalBackend(session)) {
        try {
          lowerNice(session.pid, nice);
          now.add(key);
        } catch {
          // not ours to change (another OS user, no privilege)
        }
      }
    }
    lowered.clear();
    for (const key of now) lowered.add(key);
    return now.size;
  } finally {
    for (const r of reserved) r.release();
  }
}
