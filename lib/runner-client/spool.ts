// The hook's spool: events are written to disk by the short-lived hook process, and a background sender
// (spool-sender.ts) delivers them, so a hook call never waits on the network and nothing is lost while the
// console is down. Files are `<ms>-<pid>-<rand>.json`, each a JSON array of wire events with their ids (a
// retry after a crash re-sends the same ids, which the console deduplicates). The spool is bounded: past
// `maxBytes` the oldest files go, and their events are counted in dropped.json for the sender to report.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "./ids";
import type { WireEvent } from "./types";

export const DEFAULT_SPOOL_MAX_BYTES = 50 * 1024 * 1024;
const LOCK = "sender.lock";
const DROPPED = "dropped.json";
const LAST_ERROR = "last-error.txt";

const isBatch = (name: string) => /^\d{15}-\d+-[0-9a-f]+\.json$/.test(name);

/** The spooled files, oldest first. */
export function spooledFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter(isBatch).sort();
  } catch {
    return [];
  }
}

/** Adds `count` to the dropped counter. */
export function addDropped(dir: string, count: number): void {
  writeDropped(dir, readDropped(dir) + count);
}

function writeDropped(dir: string, total: number): void {
  if (total <= 0) {
    fs.rmSync(path.join(dir, DROPPED), { force: true });
    return;
  }
  const tmp = path.join(dir, `.${DROPPED}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ events: total }), { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, DROPPED));
}

export function readDropped(dir: string): number {
  try {
    const n = (JSON.parse(fs.readFileSync(path.join(dir, DROPPED), "utf8")) as { events?: unknown }).events;
    return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

/**
 * Takes `reported` off the dropped counter once the sender's delivery that reported them succeeded. The counter is
 * read, not taken, before a delivery: a sender that fails or dies mid-delivery leaves it whole, and a hook reading
 * it meanwhile sees the full count.
 */
export function settleDropped(dir: string, reported: number): void {
  if (reported) writeDropped(dir, readDropped(dir) - reported);
}

const eventsIn = (file: string): number => {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
};

/**
 * Writes `events` as one file (atomically: a temporary name, then a rename), then trims the spool to
 * `maxBytes` by removing the oldest files, never the one just written. Returns the events dropped now.
 */
export function spoolEvents(dir: string, events: WireEvent[], maxBytes = DEFAULT_SPOOL_MAX_BYTES): number {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = `${String(Date.now()).padStart(15, "0")}-${process.pid}-${randomBytes(4).toString("hex")}.json`;
  const tmp = path.join(dir, `.${name}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(events), { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, name));
  const files = spooledFiles(dir).map((f) => {
    const full = path.join(dir, f);
    let size = 0;
    try {
      size = fs.statSync(full).size;
    } catch {}
    return { f, full, size };
  });
  let total = files.reduce((s, x) => s + x.size, 0);
  let dropped = 0;
  for (const x of files) {
    if (total <= maxBytes || x.f === name) break;
    const n = eventsIn(x.full);
    try {
      fs.unlinkSync(x.full);
      dropped += n;
      total -= x.size;
    } catch {
      // the sender took it meanwhile
    }
  }
  if (dropped) addDropped(dir, dropped);
  return dropped;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes the sender lock: true when this process holds it now. A lock whose process is gone is taken over.
 */
export function acquireLock(dir: string): boolean {
  const file = path.join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
      return true;
    } catch {
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(file, "utf8").trim() || "0");
      } catch {
        continue; // released meanwhile: try again
      }
      if (pid && alive(pid)) return false;
      fs.rmSync(file, { force: true }); // stale: its sender died
    }
  }
  return false;
}

export function releaseLock(dir: string): void {
  const file = path.join(dir, LOCK);
  try {
    if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.rmSync(file, { force: true });
  } catch {}
}

/** Whether a live sender holds the lock. */
export function senderRunning(dir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, LOCK), "utf8").trim() || "0");
    return pid > 0 && alive(pid);
  } catch {
    return false;
  }
}

/** Starts the background sender (`script`, plain JavaScript) unless one runs; it outlives this process. */
export function ensureSender(dir: string, script: string): void {
  if (senderRunning(dir)) return;
  const child = spawn(process.execPath, [script, dir], { detached: true, stdio: "ignore", env: process.env });
  child.unref();
}

/** The sender's last delivery problem (cleared by a delivery that works), for the hook to show on stderr. */
export function writeLastError(dir: string, message: string | null): void {
  const file = path.join(dir, LAST_ERROR);
  if (message === null) fs.rmSync(file, { force: true });
  else {
    // atomically (a temporary file, then a rename): a hook reading meanwhile sees the old or the new text
    const tmp = path.join(dir, `.${LAST_ERROR}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, `${new Date().toISOString()} ${message}`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
}

export function readLastError(dir: string): string | null {
  try {
    return fs.readFileSync(path.join(dir, LAST_ERROR), "utf8").slice(0, 500) || null;
  } catch {
    return null;
  }
}

type Env = Record<string, string | undefined>;

/**
 * The spool of one console and key: FLEETWATCH_SPOOL_DIR, else the XDG state directory (it survives reboots,
 * unlike the tmp directory), one folder per console and key so a sender never posts one key's events with another.
 */
export function spoolDirFor(env: Env, url: string, key: string): string {
  const root =
    env.FLEETWATCH_SPOOL_DIR ||
    path.join(env.XDG_STATE_HOME || path.join(homedir(), ".local", "state"), "fleetwatch", "spool");
  return path.join(root, sha256Hex(`${url}\n${key}`).slice(0, 16));
}

/** FLEETWATCH_SPOOL_MAX_MB in bytes (default 50 MB). */
export function spoolMaxBytes(env: Env): number {
  const mb = Number(env.FLEETWATCH_SPOOL_MAX_MB);
  return mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_SPOOL_MAX_BYTES;
}

/** The sender bundled beside the running command (bin/dist); FLEETWATCH_SENDER_SCRIPT overrides it. */
export function senderScript(env: Env): string {
  return env.FLEETWATCH_SENDER_SCRIPT || fileURLToPath(new URL("./fleetwatch-sender.mjs", import.meta.url));
}

/**
 * What the hook and `fleetwatch-report --spool` do: write the events to the spool of `url` and `key`, make sure a
 * sender runs, and hand back what to say: the last delivery's failure, and the events a full spool dropped.
 * Throws when the spool cannot be written (the caller decides whether that is fatal).
 */
export function handToSpool(
  env: Env,
  url: string,
  key: string,
  events: WireEvent[],
): { dir: string; warnings: string[] } {
  const dir = spoolDirFor(env, url, key);
  const maxBytes = spoolMaxBytes(env);
  const warnings: string[] = [];
  const problem = readLastError(dir);
  if (problem) warnings.push(`the last delivery to ${url} failed: ${problem} (the spool keeps the events)`);
  const dropped = spoolEvents(dir, events, maxBytes);
  ensureSender(dir, senderScript(env));
  if (dropped)
    warnings.push(`the spool is full (${maxBytes} bytes): dropped the ${dropped} oldest event(s).`);
  return { dir, warnings };
}
