// `npm run bench:ingest`: events/s through POST /api/v1/events (batches of 100) against a production server on
// real PostgreSQL, next to a raw COPY of the same rows into the same tables in the same run.
// Prints both figures and their ratio, and checks that rows stored = events acknowledged.
//   flags: --events 60000 --concurrency 8 --batch 100   env: BENCH_DATABASE_URL (else a throwaway cluster)
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { event, job, transcriptEntry } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { foldEvents } from "@/lib/ingest/fold";
import { parseEvent } from "@/lib/ingest/protocol";
import { toTranscriptEntry } from "@/lib/ingest/transcript";
import { ensureProject } from "@/lib/projects/queries";
import { benchEvents } from "./events";
import { benchDatabase, startServer } from "./lib/server";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "60000" },
    concurrency: { type: "string", default: "8" },
    batch: { type: "string", default: "100" },
  },
});
const N = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const BATCH = Number(values.batch);

async function postAll(url: string, key: string, events: object[]) {
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
      accepted += ((await res.json()) as { accepted: number }).accepted;
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

const bench = await benchDatabase("bench");
const { url, handle } = bench;
let server: { url: string; stop: () => void } | null = null;
try {
  const project = await ensureProject({ db: handle.db, slug: "bench-http" });
  const copyProject = await ensureProject({ db: handle.db, slug: "bench-copy" });
  const { key } = await createApiKey({
    db: handle.db,
    projectId: project.id,
    name: "bench",
    scopes: ["ingest"],
  });
  await handle.db.execute(sql`update api_key set rate_limit_per_minute = 1000000`);

  const events = benchEvents(N);
  console.error(
    `${events.length} events (${N} asked), batches of ${BATCH}, ${CONCURRENCY} concurrent requests`,
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
  await postAll(serverUrl, warmup.key, benchEvents(2000, "warmup")); // warm up JIT, pools, caches
  const http = await postAll(serverUrl, key, events);
  const copy = await copyRaw(url, copyProject.id, events);

  const count = async (projectId: string) => {
    const [row] = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(event)
      .where(eq(event.projectId, projectId));
    return row?.n ?? 0;
  };
  const stored = await count(project.id);
  const [entries] = await handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(transcriptEntry)
    .where(eq(transcriptEntry.projectId, project.id));
  const [jobs] = await handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(job)
    .where(eq(job.projectId, project.id));
  const httpRate = events.length / http.seconds;
  const copyRate = events.length / copy.seconds;
  console.log(
    `ingest over HTTP : ${httpRate.toFixed(0)} events/s (${events.length} events in ${http.seconds.toFixed(2)} s)`,
  );
  console.log(
    `raw COPY         : ${copyRate.toFixed(0)} events/s (same rows into event, job, transcript_entry in ${copy.seconds.toFixed(2)} s)`,
  );
  console.log(`ratio            : ${((httpRate / copyRate) * 100).toFixed(1)}% of COPY`);
  console.log(
    `acknowledged     : ${http.accepted}; stored events: ${stored}; jobs: ${jobs?.n}; transcript entries: ${entries?.n}`,
  );
  const ok = http.accepted === events.length && stored === events.length;
  console.log(ok ? "check            : rows stored = events acknowledged" : "check            : MISMATCH");
  if (!ok) process.exitCode = 1;
} finally {
  server?.stop();
  await bench.stop();
}
