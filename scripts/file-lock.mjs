// A lock between processes: a file created with O_EXCL that holds the holder's pid; the lock of a holder that
// died is taken over. Held for moments (finding, starting or stopping the embedded server), never for long.
import fs from "node:fs";
import { isAlive } from "./pg-server.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function tryLock(file) {
  try {
    fs.writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
    let holder;
    try {
      holder = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
    } catch {
      return false; // released meanwhile
    }
    // An empty file is a holder between creating and writing it, unless it has stayed empty for a while.
    const stale = Number.isInteger(holder)
      ? !isAlive(holder)
      : Date.now() - fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs > 5000;
    if (stale) fs.rmSync(file, { force: true });
    return false;
  }
}

export async function withLock(file, fn, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(file)) {
    if (Date.now() > deadline) throw new Error(`${file} is held by pid ${fs.readFileSync(file, "utf8")}`);
    await sleep(50);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function withLockSync(file, fn, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(file)) {
    if (Date.now() > deadline) return; // give up rather than hang an exiting process
    sleepSync(50);
  }
  try {
    fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
