// The spool's background sender (started detached by the hook, one per spool through a lock file): delivers
// the spooled files oldest first in batches, deletes a file once the console acknowledged its events (accepted,
// duplicate, or refused for good), backs off while the console is unreachable, and exits once the spool stayed
// empty for FLEETWATCH_SENDER_IDLE_MS or after FLEETWATCH_SENDER_GIVE_UP_MS of failures (the next hook call
// starts a new one). Events dropped from a full spool are reported once as a warning on a job.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { FleetwatchClient } from "./client";
import { acquireLock, readDropped, releaseLock, settleDropped, spooledFiles, writeLastError } from "./spool";
import type { ClientEvent, WireEvent } from "./types";

const env = process.env;
const MAX_BATCH_EVENTS = 500;
const MAX_BATCH_BYTES = 2 * 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBatch(dir: string): { files: string[]; events: WireEvent[] } {
  const files: string[] = [];
  const events: WireEvent[] = [];
  let bytes = 0;
  for (const name of spooledFiles(dir)) {
    const full = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(full, "utf8");
    } catch {
      continue; // trimmed meanwhile
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!Array.isArray(parsed)) {
      fs.rmSync(full, { force: true }); // not ours, or cut off by a crash before the rename (cannot happen)
      continue;
    }
    if (
      files.length &&
      (events.length + parsed.length > MAX_BATCH_EVENTS || bytes + text.length > MAX_BATCH_BYTES)
    )
      break;
    files.push(full);
    events.push(...(parsed as WireEvent[]));
    bytes += text.length;
  }
  return { files, events };
}

/** Runs until the spool is drained and idle; returns the events delivered. */
export async function runSender(
  dir: string,
  options: { url: string; key: string; signingSecret?: string; idleMs?: number; giveUpMs?: number },
): Promise<number> {
  if (!acquireLock(dir)) return 0;
  const idleMs = options.idleMs ?? 3000;
  const giveUpMs = options.giveUpMs ?? 5 * 60_000;
  let delivered = 0;
  let idleSince = Date.now();
  let failingSince: number | null = null;
  let backoff = 200;
  try {
    for (;;) {
      const { files, events } = readBatch(dir);
      if (!events.length) {
        if (Date.now() - idleSince >= idleMs) return delivered;
        await sleep(100);
        continue;
      }
      let lastError: string | null = null;
      const client = new FleetwatchClient({
        url: options.url,
        key: options.key,
        signingSecret: options.signingSecret,
        flushIntervalMs: 0,
        batchSize: MAX_BATCH_EVENTS,
        maxRetries: 1,
        timeoutMs: 10_000,
        onError: (err) => {
          lastError = err.message;
        },
      });
      for (const e of events) client.send(e as ClientEvent);
      const dropped = readDropped(dir);
      const job = events.find((e) => e.job)?.job;
      if (dropped && job)
        client.send({
          // one id per report: a retried report (an answer lost after the commit) is a duplicate, not a second warning
          id: `spool-drop-${createHash("sha256").update(`${files[0]}\n${dropped}`).digest("hex").slice(0, 24)}`,
          type: "job.log",
          job,
          data: {
            level: "warn",
            message: `${dropped} event(s) were dropped from the hook's spool (full while the console was unreachable).`,
          },
        });
      const result = await client.close();
      if (result.failed === 0) {
        for (const f of files) fs.rmSync(f, { force: true });
        settleDropped(dir, dropped);
        writeLastError(dir, result.rejected ? lastError : null);
        delivered += result.accepted + result.duplicates;
        failingSince = null;
        backoff = 200;
        idleSince = Date.now();
        continue;
      }
      writeLastError(dir, lastError ?? `${result.failed} event(s) not delivered`);
      failingSince ??= Date.now();
      if (Date.now() - failingSince >= giveUpMs) return delivered;
      await sleep(backoff);
      backoff = Math.min(30_000, backoff * 2);
      idleSince = Date.now();
    }
  } finally {
    releaseLock(dir);
  }
}

const isMain = process.argv[1] && /spool-sender|fleetwatch-sender/.test(path.basename(process.argv[1]));
if (isMain) {
  const dir = process.argv[2];
  if (dir && env.FLEETWATCH_URL && env.FLEETWATCH_KEY) {
    runSender(dir, {
      url: env.FLEETWATCH_URL,
      key: env.FLEETWATCH_KEY,
      signingSecret: env.FLEETWATCH_SIGNING_SECRET || undefined,
      idleMs: Number(env.FLEETWATCH_SENDER_IDLE_MS) || undefined,
      giveUpMs: Number(env.FLEETWATCH_SENDER_GIVE_UP_MS) || undefined,
    })
      .catch(() => {})
      .finally(() => process.exit(0));
  }
}
