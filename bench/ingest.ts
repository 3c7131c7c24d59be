// `npm run bench:ingest`: events/s through POST /api/v1/events (batches of 100) against a production server on
// real PostgreSQL, next to a raw COPY of the same rows into the same tables in the same run.
// For each concurrency: the acknowledged rate (events / time until the last 2xx) and the projected rate (events /
// time until the projector has folded the last of them into jobs and transcripts), each as a ratio of COPY;
// checks that rows stored = events acknowledged and that every one was projected. Target: >= 50% of COPY.
// The server is warmed up first (--warmup events through the same path, then the projector caught up): with the
// 2,000 events it had until stop 28 the first concurrency measured ran on a JIT-cold ingest thread (the same run
// order 2,4,8,3: 41% of COPY at 2 connections when first, against 61% at 3 and 4 once warm).
//   flags: --events 60000 --concurrency 4,8 --batch 100 --warmup 20000
//   env: BENCH_DATABASE_URL (else a throwaway cluster)
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { rowsOf } from "@/db/bulk";
import type { Db } from "@/db/client";
import { event, job, transcriptEntry } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { foldEvents } from "@/lib/ingest/fold";
import { parseEvent } from "@/lib/ingest/protocol";
import { toTranscriptEntry } from "@/lib/ingest/transcript";
import { ensureProject } from "@/lib/projects/queries";
import { utcDay } from "@/lib/retention/partitions";
import { benchEvents } from "./events";
import { benchDatabase, startServer } from "./lib/server";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "60000" },
    concurrency: { type: "string", default: "4,8" },
    batch: { type: "string", default: "100" },
    warmup: { type: "string", default: "20000" },
  },
});
const N = Number(values.events);
const CONCURRENCIES = values.concurrency.split(",").map(Number);
const BATCH = Number(values.batch);
const WARMUP = Number(values.warmup);
// each concurrency posts the same events into a project of its own, named by the concurrency
if (
  new Set(CONCURRENCIES).size !== CONCURRENCIES.length ||
  !CONCURRENCIES.every((c) => Number.isInteger(c) && c > 0)
) {
  console.error("--concurrency takes distinct positive integers, e.g. 4,8");
  process.exit(2);
}
if (!Number.isInteger(WARMUP) || WARMUP < 0) {
  console.error("--warmup takes a number of events (0 or more)");
  process.exit(2);
}

async function postAll(url: string, key: string, events: object[], CONCURRENCY: number) {
  const batches: string[] = [];
  for (let i = 0; i < events.length; i += BATCH)
    batches.push(JSON.stringify({ events: events.slice(i, i + BATCH) }));
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < batches.length) {
      const body = batches[next++] as string;
      const res = await fetch(`${url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      const answer = (await res.json()) as { accepted: number };
      accepted += answer.accepted; // (not `accepted += await ...`: that reads accepted before the await)
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { seconds: (performance.now() - t0) / 1000, accepted };
}

/** The rows ingest writes for these events (events, jobs, transcript entries), COPYed in raw. */
async function copyRaw(databaseUrl: string, projectId: string, raw: object[]) {
  const events = raw.map((r) => {
    const p = parseEvent(r);
    if (!p.ok) throw new Error(p.error);
    return p.event;
  });
  const { jobs } = foldEvents(events);
  const jobIds = new Map(jobs.map((j) => [j.externalId, crypto.randomUUID()]));
  const esc = (v: unknown) =>
    v === null || v === undefined
      ? "\\N"
      : String(
          typeof v === "object" && !(v instanceof Date)
            ? JSON.stringify(v)
            : v instanceof Date
              ? v.toISOString()
              : v,
        )
          .replaceAll("\\", "\\\\")
          .replaceAll("\t", "\\t")
          .replaceAll("\n", "\\n")
          .replaceAll("\r", "\\r");
  const line = (cols: unknown[]) => `${cols.map(esc).join("\t")}\n`;
  const sqlc = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  // the day partitions exist before the clock starts (ingest makes them once too, then never again)
  const days = [...new Set(events.map((e) => utcDay(e.time)))];
  for (const day of days) await sqlc`select fleetwatch_ensure_day(${projectId}::uuid, ${day}::date)`;
  const t0 = performance.now();
  const copy = async (statement: string, lines: string[]) => {
    const stream = await sqlc.unsafe(statement).writable();
    await new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("finish", resolve);
      for (let i = 0; i < lines.length; i += 1000) stream.write(lines.slice(i, i + 1000).join(""));
      stream.end();
    });
  };
  await copy(
    "copy event (project_id, id, type, time, job_external_id, agent_name, seq, data) from stdin",
    events.map((e) => line([projectId, e.id, e.type, e.time, e.job, e.agent, e.seq, e.data])),
  );
  // the id ledger ingest writes too (event_key: idempotency across event's day partitions)
  await copy(
    "copy event_key (project_id, id, time) from stdin",
    events.map((e) => line([projectId, e.id, e.time])),
  );
  await copy(
    "copy job (id, project_id, external_id, agent_name, status, harness, model, started_at, ended_at, first_event_at, last_event_at, input_tokens, output_tokens, event_count) from stdin",
    jobs.map((j) =>
      line([
        jobIds.get(j.externalId),
        projectId,
        j.externalId,
        j.agentName,
        j.terminal?.status ?? "running",
        j.start?.harness,
        j.start?.model,
        j.startedAt,
        j.terminal?.endedAt,
        j.firstEventAt,
        j.lastEventAt,
        j.inputTokens,
        j.outputTokens,
        j.eventCount,
      ]),
    ),
  );
  await copy(
    "copy transcript_entry (project_id, job_id, event_id, time, seq, kind, role, call_id, tool, is_error, text, content) from stdin",
    events.flatMap((e) => {
      const t = e.job ? toTranscriptEntry(e, projectId, jobIds.get(e.job) as string) : null;
      return t
        ? [
            line([
              projectId,
              t.jobId,
              t.eventId,
              t.time,
              t.seq,
              t.kind,
              t.role,
              t.callId,
              t.tool,
              t.isError,
              t.text,
              t.content,
            ]),
          ]
        : [];
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await sqlc.end();
  return { seconds };
}

/**
 * Waits until the project's queue is empty; returns when that happened (performance.now()). One cheap probe every
 * 20 ms: counting the queue every 5 ms (as this did) took a third of a core of the database it measures.
 */
async function projectedAt(db: Db, projectId: string): Promise<number> {
  for (;;) {
    const [row] = rowsOf<{ queued: boolean }>(
      await db.execute(sql`select exists (select 1 from event_pending
        where project_id = ${projectId} and failed_at is null) as queued`),
    );
    if (row && !row.queued) return performance.now();
    await new Promise((r) => setTimeout(r, 20));
  }
}

// durable, as the embedded database runs (fsync, synchronous commit); the COPY baseline runs on the same server
const bench = await benchDatabase("bench", { durable: true });
const { url, handle } = bench;
let server: { url: string; stop: () => void } | null = null;
try {
  const events = benchEvents(N);
  console.error(
    `${events.length} events (${N} asked), batches of ${BATCH}, ${CONCURRENCIES.join(" and ")} concurrent requests`,
  );
  server = await startServer(url);
  const serverUrl = server.url;
  const warmupProject = await ensureProject({ db: handle.db, slug: "bench-warmup" });
  const warmup = await createApiKey({
    db: handle.db,
    projectId: warmupProject.id,
    name: "warmup",
    scopes: ["ingest"],
  });
  await handle.db.execute(sql`update api_key set rate_limit_per_minute = 1000000`);
  await postAll(serverUrl, warmup.key, benchEvents(WARMUP, "warmup"), 8); // warm up JIT, pools, caches
  await projectedAt(handle.db, warmupProject.id);
  const count = async (table: typeof event | typeof job | typeof transcriptEntry, projectId: string) => {
    const [row] = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.projectId, projectId));
    return row?.n ?? 0;
  };
  let failed = false;
  for (const concurrency of CONCURRENCIES) {
    const project = await ensureProject({ db: handle.db, slug: `bench-http-${concurrency}` });
    const copyProject = await ensureProject({ db: handle.db, slug: `bench-copy-${concurrency}` });
    const { key } = await createApiKey({
      db: handle.db,
      projectId: project.id,
      name: "bench",
      scopes: ["ingest"],
    });
    await handle.db.execute(sql`update api_key set rate_limit_per_minute = 1000000`);
    const t0 = performance.now();
    const http = await postAll(serverUrl, key, events, concurrency);
    const projectedSeconds = ((await projectedAt(handle.db, project.id)) - t0) / 1000;
    const copy = await copyRaw(url, copyProject.id, events);
    const stored = await count(event, project.id);
    const entries = await count(transcriptEntry, project.id);
    const copiedEntries = await count(transcriptEntry, copyProject.id);
    const [projectedEvents] = await handle.db
      .select({ n: sql<number>`coalesce(sum(event_count), 0)::int` })
      .from(job)
      .where(eq(job.projectId, project.id));
    const ackRate = events.length / http.seconds;
    const projRate = events.length / projectedSeconds;
    const copyRate = events.length / copy.seconds;
    const pct = (r: number) => `${((r / copyRate) * 100).toFixed(1)}% of COPY`;
    console.log(`--- ${concurrency} concurrent requests, batches of ${BATCH}`);
    console.log(
      `acknowledged     : ${ackRate.toFixed(0)} events/s (${events.length} events in ${http.seconds.toFixed(2)} s), ${pct(ackRate)}`,
    );
    console.log(
      `projected        : ${projRate.toFixed(0)} events/s (all folded ${projectedSeconds.toFixed(2)} s after the first request), ${pct(projRate)}`,
    );
    console.log(
      `raw COPY         : ${copyRate.toFixed(0)} events/s (same rows into event, job, transcript_entry in ${copy.seconds.toFixed(2)} s)`,
    );
    console.log(
      `rows             : acknowledged ${http.accepted}; stored events ${stored}; projected events ${projectedEvents?.n}; transcript entries ${entries} (COPY: ${copiedEntries})`,
    );
    const ok =
      http.accepted === events.length &&
      stored === events.length &&
      projectedEvents?.n === events.length &&
      entries === copiedEntries;
    console.log(
      ok
        ? "check            : rows stored = events acknowledged = events projected"
        : "check            : MISMATCH",
    );
    failed ||= !ok;
  }
  if (failed) process.exitCode = 1;
} finally {
  await server?.stop();
  await bench.stop();
}
