// Where a machine's CPU went over a stretch of a bench (Linux /proc): the share of all cores busy, split into the
// server under test, PostgreSQL, this bench process and the rest. On one machine the load generator and the
// database take cores from the server they measure; the split says how much.
import fs from "node:fs";
import os from "node:os";

type Snapshot = {
  at: number;
  idle: number;
  total: number;
  byPid: Map<number, { comm: string; ticks: number }>;
};
export type CpuShares = { busy: number; server: number; postgres: number; bench: number; other: number };

function read(): Snapshot | null {
  if (process.platform !== "linux") return null;
  try {
    const cpu =
      fs.readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal (guest time is within user)
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    const byPid = new Map<number, { comm: string; ticks: number }>();
    for (const name of fs.readdirSync("/proc")) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const close = stat.lastIndexOf(")");
        const comm = stat.slice(stat.indexOf("(") + 1, close);
        const fields = stat.slice(close + 2).split(" ");
        // utime and stime: fields 14 and 15 of the file, 12 and 13 after the command
        byPid.set(pid, { comm, ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // gone meanwhile
      }
    }
    return { at: performance.now(), idle, total, byPid };
  } catch {
    return null;
  }
}

/** `root` and its descendants (by parent pid), except PostgreSQL's processes. */
export function processTree(root: number): number[] {
  if (process.platform !== "linux") return [root];
  const children = new Map<number, number[]>();
  const postgres = new Set<number>();
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (stat.slice(stat.indexOf("(") + 1, close) === "postgres") postgres.add(pid);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    if (!postgres.has(pid)) out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** Starts measuring; `stop()` returns each part's share of all cores (0-1) since, or null off Linux. */
export function cpuMeter(serverPids: () => number[]): { stop: () => CpuShares | null } {
  const start = read();
  return {
    stop() {
      const end = read();
      if (!start || !end) return null;
      const total = end.total - start.total;
      if (total <= 0) return null;
      const servers = new Set(serverPids());
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
