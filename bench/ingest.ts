// `npm run bench:ingest`: events/s through POST /api/v1/events (batches of 100) against a production server on
// real PostgreSQL, next to a raw COPY of the same rows into the same tables in the same run.
// Prints both figures and their ratio, and checks that rows stored = events acknowledged.
//   flags: --events 60000 --concurrency 8 --batch 100   env: BENCH_DATABASE_URL (else a throwaway cluster)
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "@/db/client";
import { event, job, transcriptEntry } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { foldEvents } from "@/lib/ingest/fold";
import { parseEvent } from "@/lib/ingest/protocol";
import { toTranscriptEntry } from "@/lib/ingest/transcript";
import { ensureProject } from "@/lib/projects/queries";
// @ts-expect-error: plain ESM helper shared with the scripts
import { createDatabase, startCluster } from "../scripts/pg-cluster.mjs";
import { benchEvents } from "./events";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "60000" },
    concurrency: { type: "string", default: "8" },
    batch: { type: "string", default: "100" },
    port: { type: "string" },
  },
});
const N = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const BATCH = Number(values.batch);
const root = path.resolve(import.meta.dirname, "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function startServer(databaseUrl: string, port: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: port,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 300_000;
    const poll = async () => {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return resolve(child);
      } catch {}
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error("server did not start"));
      setTimeout(poll, 500);
    };
    void poll();
  });
}

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

const cluster = process.env.BENCH_DATABASE_URL ? null : await startCluster({ name: "fleetwatch-bench" });
let server: ChildProcess | null = null;
try {
  const base = process.env.BENCH_DATABASE_URL ?? (cluster as { url: string }).url;
  const url = await createDatabase(base, "fleetwatch_bench");
  const handle = await openDatabase({ url });
  await migrateDatabase(handle);
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
  const port = values.port ?? String(await freePort());
  server = await startServer(url, port);
  const serverUrl = `http://127.0.0.1:${port}`;
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
  await handle.close();
  if (!ok) process.exitCode = 1;
} finally {
  server?.kill("SIGTERM");
  cluster?.stop();
}
