// Background threads yield the cores to the server thread (pages, the read API) when both want them: the
// ingest and projector threads lower their own scheduling priority (Linux: a thread's nice value, set through
// its thread id; lowering one's own needs no privilege). Elsewhere, or if the system refuses, nothing changes.
import fs from "node:fs";
import os from "node:os";

/** Sets this thread's nice value to `nice` (0-19); true when it took effect. */
export function lowerThreadPriority(nice: number): boolean {
  if (nice <= 0 || process.platform !== "linux") return false;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>"
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.min(19, Math.trunc(nice)));
    return os.getPriority(tid) === Math.min(19, Math.trunc(nice));
  } catch {
    return false;
  }
}
