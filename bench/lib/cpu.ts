// Where a machine's CPU went over a stretch of a bench (Linux /proc): the share of all cores busy, split into the
// server under test, PostgreSQL, this bench process and the rest. On one machine the load generator and the
// database take cores from the server they measure; the split says how much.
import fs from "node:fs";
import os from "node:os";

type Proc = { pid: number; comm: string; ppid: number; ticks: number };
type Snapshot = { idle: number; total: number; byPid: Map<number, Proc> };
export type CpuShares = { busy: number; server: number; postgres: number; bench: number; other: number };

/** Every process now: its command, parent and CPU time so far (utime + stime, in USER_HZ ticks). */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      // after the command: state ppid ... utime stime (fields 4, 14 and 15 of the file)
      const fields = stat.slice(close + 2).split(" ");
      out.push({
        pid,
        comm: stat.slice(stat.indexOf("(") + 1, close),
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function read(): Snapshot | null {
  if (process.platform !== "linux") return null;
  try {
    const cpu =
      fs.readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal (guest time is within user)
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return { idle, total, byPid: new Map(processes().map((p) => [p.pid, p])) };
  } catch {
    return null;
  }
}

/** `root` and its descendants (by parent pid), except PostgreSQL's processes. */
export function processTree(root: number): number[] {
  if (process.platform !== "linux") return [root];
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      if (c.comm !== "postgres") out.push(c.pid);
      walk(c.pid);
    }
  };
  out.push(root);
  walk(root);
  return out;
}

/**
 * Starts measuring (`serverPids`: the server's processes, from processTree); `stop()` returns each part's share
 * of all cores (0-1) since, or null off Linux.
 */
export function cpuMeter(serverPids: number[]): { stop: () => CpuShares | null } {
  const start = read();
  return {
    stop() {
      const end = read();
      if (!start || !end) return null;
      const total = end.total - start.total;
      if (total <= 0) return null;
      const servers = new Set(serverPids);
      const shares = { server: 0, postgres: 0, bench: 0, other: 0 };
      for (const [pid, e] of end.byPid) {
        const used = e.ticks - (start.byPid.get(pid)?.ticks ?? 0);
        if (used <= 0) continue;
        if (pid === process.pid) shares.bench += used;
        else if (servers.has(pid)) shares.server += used;
        else if (e.comm === "postgres") shares.postgres += used;
        else shares.other += used;
      }
      // process ticks and /proc/stat count in the same unit (USER_HZ) summed over the cores
      return {
        busy: (total - (end.idle - start.idle)) / total,
        server: shares.server / total,
        postgres: shares.postgres / total,
        bench: shares.bench / total,
        other: shares.other / total,
      };
    },
  };
}

/** "83% of 2 cores busy: server 41%, PostgreSQL 27%, this bench 12%, other 3%". */
export function describeCpu(s: CpuShares | null): string {
  if (!s) return "n/a (Linux only)";
  const p = (x: number) => `${Math.round(x * 100)}%`;
  return `${p(s.busy)} of ${os.availableParallelism()} cores busy: server ${p(s.server)}, PostgreSQL ${p(s.postgres)}, this bench ${p(s.bench)}, other ${p(s.other)}`;
}

export type ThreadTime = { ranMs: number; waitedMs: number };

/**
 * The server's request thread: the main thread of the process running scripts/server.mjs among `pids` (from
 * processTree), whose thread id is its process id; null when there is none or off Linux.
 */
export function serverThread(pids: number[]): number | null {
  if (process.platform !== "linux") return null;
  for (const pid of pids) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (argv.some((a) => a.endsWith("scripts/server.mjs"))) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/**
 * Starts measuring one thread (`tid`: a thread id of process `pid`) through the scheduler's own accounting
 * (/proc/<pid>/task/<tid>/schedstat: time on a core, and time runnable but waiting for one); `stop()` returns
 * both since, in ms, or null when the thread cannot be read (no schedstats, gone, not Linux).
 */
export function threadMeter(pid: number, tid = pid): { stop: () => ThreadTime | null } {
  const read = () => {
    try {
      const [ran, waited] = fs
        .readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8")
        .trim()
        .split(/\s+/)
        .map(Number);
      return Number.isFinite(ran) && Number.isFinite(waited)
        ? { ran: ran as number, waited: waited as number }
        : null;
    } catch {
      return null;
    }
  };
  const start = read();
  return {
    stop() {
      const end = read();
      if (!start || !end) return null;
      return { ranMs: (end.ran - start.ran) / 1e6, waitedMs: (end.waited - start.waited) / 1e6 };
    },
  };
}
