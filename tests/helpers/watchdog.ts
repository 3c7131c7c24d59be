// A bound for code that may stall the event loop (a backtracking regular expression): vitest's test timeout
// is a timer, and a timer cannot fire while the thread is stuck in one synchronous call. A watchdog thread
// waits `ms` and, unless the work settled first, prints what stalled and kills this test process, so the run
// fails instead of hanging forever.
import { Worker } from "node:worker_threads";

const WATCHDOG = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
if (Atomics.wait(workerData.flag, 0, 0, workerData.ms) === "timed-out") {
  fs.writeSync(2, "\\nWATCHDOG: " + workerData.what + " did not finish within " + workerData.ms + " ms (the event loop is stalled); killing the test process\\n");
  process.kill(process.pid, "SIGKILL");
}
`;

export async function withinMs<T>(ms: number, what: string, work: () => Promise<T> | T): Promise<T> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { flag, ms, what } });
  // the thread must be running before the work may block this one
  await new Promise<void>((resolve) => watchdog.once("online", () => resolve()));
  try {
    return await work();
  } finally {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    await watchdog.terminate();
  }
}
