// `npm run bench:webhook`: single-event webhooks (issue 16) against a production server of THIS checkout's build
// (scripts/start.mjs rebuilds .next, or $NEXT_DIST_DIR, when the sources are newer) on real PostgreSQL, from one run:
//   1. max throughput, closed loop on keep-alive connections: GET /api/health and POST /api/v1/events of ONE event
//      each (the hooks of BENCH_AGENTS agents: job.started, prompt, tool_call, tool_result, usage, answer,
//      completed/failed, round robin), at 8 connections and at 1, each for BENCH_DURATION_S.
//      Target: events/health >= 60% at 8 connections (same run).
//   2. latency at 70% of that maximum, open loop (sent on schedule, measured from the scheduled time so queueing
//      counts), p50/p95/p99/max. Target p99 < 25 ms.
//   3. freshness under that load: a job.started of a new job and an agent.heartbeat of a new agent, a few per
//      second; after the 2xx, the read API (read key) is polled every 20 ms until the job page
//      (GET /api/v1/jobs/{id}), the jobs list (GET /api/v1/jobs?agent=) and the agent (GET /api/v1/agents/{name})
//      show it. Target p95 <= 2 s. (Synchronous projections make this one poll's round trip.)
//   4. the Overview, Failures, Costs and Jobs pages' server time (whole GET with a session), idle and while the 70%
//      load runs, p50/p95 and the ratio. Target p95 under load within 1.5x of idle.
//   5. once the load stops, how long until the jobs' event_count sum = job events acknowledged, and rows
//      stored = events acknowledged.
// The project first gets BENCH_HISTORY_DAYS days of the simulator's 50-agent fleet (over HTTP, batches of 500),
// so the pages have data. Env: BENCH_QUICK=1 (a ~1.5 min run), BENCH_DURATION_S, BENCH_LOAD_S, BENCH_AGENTS,
// BENCH_HISTORY_DAYS, BENCH_PAGE_RUNS, BENCH_PROBES_PER_S, BENCH_CATCHUP_S, BENCH_DATABASE_URL (else a
// throwaway cluster).
import { eq, sql } from "drizzle-orm";
import { event, job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { ensureProject } from "@/lib/projects/queries";
import { generateFleet } from "@/lib/simulator";
import { HookFleet } from "./lib/hook-fleet";
import { closedLoop, httpClient, type LoopResult, openLoop, percentile, summarize } from "./lib/load";
import { signUpSession, timePage } from "./lib/pages";
import { benchDatabase, startServer } from "./lib/server";

const QUICK = process.env.BENCH_QUICK === "1";
function knob(name: string, normal: number, quick: number, min = 1) {
  const v = Number(process.env[name] ?? (QUICK ? quick : normal));
  if (!Number.isFinite(v) || v < min) throw new Error(`${name} must be a number >= ${min}`);
  return v;
}
const DURATION_S = knob("BENCH_DURATION_S", 15, 5);
const LOAD_S = knob("BENCH_LOAD_S", 30, 10);
const AGENTS = knob("BENCH_AGENTS", 500, 500);
const HISTORY_DAYS = knob("BENCH_HISTORY_DAYS", 2, 1, 0);
const PAGE_RUNS = knob("BENCH_PAGE_RUNS", 12, 5);
const PROBES_PER_S = knob("BENCH_PROBES_PER_S", 4, 4);
const CATCHUP_S = knob("BENCH_CATCHUP_S", 120, 60);
const CONNECTIONS = 8;
const SHARE = 0.7;
const PAGES = ["/?range=24h", "/failures", "/costs", "/jobs"];
const SLUG = "webhook";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

const bench = await benchDatabase("webhook");
const { handle } = bench;
let server: { url: string; stop: () => void } | null = null;
try {
  const project = await ensureProject({ db: handle.db, slug: SLUG });
  const ingestKey = await createApiKey({
    db: handle.db,
    projectId: project.id,
    name: "hooks",
    scopes: ["ingest"],
  });
  const readKey = await createApiKey({
    db: handle.db,
    projectId: project.id,
    name: "reader",
    scopes: ["read"],
  });
  // a key with no practical rate limit: the bench measures the write path, not the limiter
  await handle.db.execute(
    sql`update api_key set rate_limit_per_minute = 1000000000 where project_id = ${project.id}`,
  );
  server = await startServer(bench.url);
  const url = server.url;
  const ingest = { authorization: `Bearer ${ingestKey.key}`, "content-type": "application/json" };
  const read = { authorization: `Bearer ${readKey.key}` };

  // every event acknowledged into the project, and those of them that belong to a job (job.* events)
  const acked = { all: 0, job: 0 };
  const sumEventCount = async () => {
    const [row] = await handle.db
      .select({ n: sql<number>`coalesce(sum(${job.eventCount}), 0)::int` })
      .from(job)
      .where(eq(job.projectId, project.id));
    return Number(row?.n ?? 0);
  };
  /** Polls until the jobs' event_count sum covers every acknowledged job event; ms taken, NaN on timeout. */
  const catchUp = async () => {
    const t0 = performance.now();
    while ((await sumEventCount()) < acked.job) {
      if (performance.now() - t0 > CATCHUP_S * 1000) return Number.NaN;
      await sleep(50);
    }
    return performance.now() - t0;
  };

  // history: the simulator's fleet, so the pages show something like a real project
  if (HISTORY_DAYS > 0) {
    const events = [
      ...generateFleet({ agents: 50, days: HISTORY_DAYS, jobsPerDay: 300, seed: 1, now: Date.now() }),
    ];
    const client = httpClient(url, 4);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < events.length) {
          const batch = events.slice(next, next + 500) as { type: string }[];
          next += 500;
          const r = await client.request("POST", "/api/v1/events", ingest, JSON.stringify({ events: batch }));
          const out = JSON.parse(r.text) as { accepted?: number };
          if (r.status !== 200 || out.accepted !== batch.length)
            throw new Error(`history batch answered ${r.status}: ${r.text.slice(0, 300)}`);
          acked.all += batch.length;
          acked.job += batch.filter((e) => e.type.startsWith("job.")).length;
        }
      }),
    );
    client.close();
    const s = (performance.now() - t0) / 1000;
    const wait = await catchUp();
    console.log(
      `history: ${events.length} events of ${HISTORY_DAYS} simulated days in ${f(s)} s (${f(events.length / s, 0)}/s), projected ${f(wait, 0)} ms later`,
    );
  }
  const cookie = await signUpSession(url, SLUG);

  const fleet = new HookFleet(`wh${Date.now().toString(36)}`, AGENTS);
  const postOne = (client: ReturnType<typeof httpClient>) => async () => {
    const e = fleet.next();
    const r = await client.request("POST", "/api/v1/events", ingest, e.body);
    if (r.status !== 200) return false;
    const n = (JSON.parse(r.text) as { accepted?: number }).accepted ?? 0;
    acked.all += n;
    if (e.type.startsWith("job.")) acked.job += n;
    return n === 1;
  };
  const health = (client: ReturnType<typeof httpClient>) => async () => {
    const r = await client.request("GET", "/api/health");
    return r.status === 200;
  };
  const closed = async (what: "health" | "events", connections: number, seconds: number) => {
    const client = httpClient(url, connections);
    try {
      const fire = what === "health" ? health(client) : postOne(client);
      return await closedLoop({ connections, durationMs: seconds * 1000, fire });
    } finally {
      client.close();
    }
  };
  const rate = (r: LoopResult) => r.done / r.seconds;

  // 1. max throughput (after a warm-up of both: JIT, connection pools, caches)
  await closed("health", CONNECTIONS, 3);
  await closed("events", CONNECTIONS, 3);
  const health8 = await closed("health", CONNECTIONS, DURATION_S);
  const events8 = await closed("events", CONNECTIONS, DURATION_S);
  const health1 = await closed("health", 1, DURATION_S);
  const events1 = await closed("events", 1, DURATION_S);
  const target = rate(events8) * SHARE;
  console.error(
    `max: health ${f(rate(health8), 0)}/s, events ${f(rate(events8), 0)}/s at ${CONNECTIONS} connections; open loop at ${f(target, 0)}/s`,
  );

  // the load at 70%: an open loop on its own connections while `during` runs
  const underLoad = async <T>(during: () => Promise<T>, seconds?: number) => {
    const client = httpClient(url, CONNECTIONS);
    let stopped = false;
    const loop = openLoop({
      rate: target,
      durationMs: (seconds ?? 0) * 1000,
      fire: postOne(client),
      stop: seconds === undefined ? () => stopped : undefined,
    });
    await sleep(1000); // let the load settle
    const out = await during();
    stopped = true;
    const load = await loop;
    client.close();
    return { load, out };
  };

  // 4 (idle half). Pages one after another, one warm-up each
  const timeAll = async () => {
    const times = new Map<string, number[]>(PAGES.map((p) => [p, []]));
    for (const p of PAGES) await timePage(url, p, cookie);
    for (let i = 0; i < PAGE_RUNS; i++)
      for (const p of PAGES) times.get(p)?.push(await timePage(url, p, cookie));
    return times;
  };
  const pagesIdle = await timeAll();

  // 2 + 3. latency and freshness under the 70% load
  const fresh = new Map<string, number[]>([
    ["job page", []],
    ["jobs list", []],
    ["agent", []],
  ]);
  const missed = new Map<string, number>();
  const probeAcks: number[] = [];
  const probeClient = httpClient(url, 32);
  const probe = async (n: number, prefix: string) => {
    const isJob = n % 2 === 0;
    const name = `${prefix}-${isJob ? "worker" : "hb"}-${n}`;
    const jobId = `${prefix}-probe-${n}`;
    const time = new Date().toISOString();
    const e = isJob
      ? {
          id: jobId,
          type: "job.started",
          time,
          job: jobId,
          agent: name,
          data: { harness: "claude-code", title: "probe" },
        }
      : { id: `${prefix}-hb-ev-${n}`, type: "agent.heartbeat", time, agent: name, data: { status: "idle" } };
    const t0 = performance.now();
    const r = await probeClient.request("POST", "/api/v1/events", ingest, JSON.stringify({ events: [e] }));
    if (r.status !== 200) throw new Error(`probe answered ${r.status}: ${r.text.slice(0, 300)}`);
    const tAck = performance.now();
    probeAcks.push(tAck - t0);
    acked.all += 1;
    if (isJob) acked.job += 1;
    const surfaces: [string, string, (text: string) => boolean][] = isJob
      ? [
          ["job page", `/api/v1/jobs/${encodeURIComponent(jobId)}`, () => true],
          [
            "jobs list",
            `/api/v1/jobs?agent=${encodeURIComponent(name)}`,
            (t) => JSON.parse(t).jobs.length > 0,
          ],
        ]
      : [["agent", `/api/v1/agents/${encodeURIComponent(name)}`, () => true]];
    await Promise.all(
      surfaces.map(async ([surface, path, shows]) => {
        while (performance.now() - tAck < 10_000) {
          const p = await probeClient.request("GET", path, read);
          if (p.status === 200 && shows(p.text)) return fresh.get(surface)?.push(performance.now() - tAck);
          if (p.status !== 200 && p.status !== 404) throw new Error(`${path} answered ${p.status}`);
          await sleep(20);
        }
        missed.set(surface, (missed.get(surface) ?? 0) + 1);
      }),
    );
  };
  const prefix = `${fleet.prefix}-p`;
  const latency = await underLoad(async () => {
    const probes: Promise<void>[] = [];
    const end = performance.now() + (LOAD_S - 1) * 1000;
    for (let n = 0; performance.now() < end; n++) {
      probes.push(probe(n, prefix));
      await sleep(1000 / PROBES_PER_S);
    }
    await Promise.all(probes);
  }, LOAD_S);
  probeClient.close();

  // 4 (loaded half)
  const pages = await underLoad(timeAll);
  // 5. the projection catches up, and every acknowledged event is stored
  const caughtUpMs = await catchUp();
  const [stored] = await handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(event)
    .where(eq(event.projectId, project.id));
  const storedN = Number(stored?.n ?? 0);
  const jobEvents = await sumEventCount();

  const lat = summarize(latency.load.latencies);
  const ratio = rate(events8) / rate(health8);
  const row = (label: string, figure: string, target = "") =>
    console.log(`  ${label.padEnd(52)} ${figure.padEnd(44)} ${target}`);
  console.log(
    `\nbench:webhook  (${AGENTS} agents, ${DURATION_S} s per throughput figure, ${LOAD_S} s of 70% load)`,
  );
  console.log("\n1. throughput, closed loop, keep-alive");
  row(`GET /api/health, ${CONNECTIONS} connections`, `${f(rate(health8), 0)} req/s`);
  row(
    `POST /api/v1/events (1 event), ${CONNECTIONS} connections`,
    `${f(rate(events8), 0)} req/s`,
    `(${events8.failed} failed)`,
  );
  row("events / health", `${f(ratio * 100)}%`, "target >= 60%");
  row("GET /api/health, 1 connection", `${f(rate(health1), 0)} req/s  (${f(1000 / rate(health1))} ms each)`);
  row(
    "POST /api/v1/events (1 event), 1 connection",
    `${f(rate(events1), 0)} req/s  (${f(1000 / rate(events1))} ms each)`,
  );
  console.log(
    `\n2. latency at 70% of max: ${f(target, 0)} req/s open loop, ${CONNECTIONS} connections, from the scheduled time`,
  );
  row(
    `POST /api/v1/events (${lat.n} ok, ${latency.load.failed} failed, ${f(latency.load.done / latency.load.seconds, 0)}/s)`,
    `p50 ${f(lat.p50)}  p95 ${f(lat.p95)}  p99 ${f(lat.p99)}  max ${f(lat.max)} ms`,
    "target p99 < 25 ms",
  );
  const pa = summarize(probeAcks);
  row(`probe POSTs (${pa.n}, own connections)`, `p50 ${f(pa.p50)}  p95 ${f(pa.p95)}  max ${f(pa.max)} ms`);
  console.log(`\n3. freshness under that load: 2xx -> visible in the read API (polled every 20 ms)`);
  for (const [surface, xs] of fresh) {
    const s = summarize(xs);
    const miss = missed.get(surface) ?? 0;
    row(
      `${surface} (${s.n} probes${miss ? `, ${miss} not seen in 10 s` : ""})`,
      `p50 ${f(s.p50)}  p95 ${f(s.p95)}  max ${f(s.max)} ms`,
      "target p95 <= 2000 ms",
    );
  }
  console.log(
    `\n4. page server time (whole GET, signed in), ${PAGE_RUNS} runs each: idle vs under the 70% load`,
  );
  const pageRatios: number[] = [];
  for (const p of PAGES) {
    const idle = pagesIdle.get(p) ?? [];
    const busy = pages.out.get(p) ?? [];
    const r = percentile(busy, 95) / percentile(idle, 95);
    pageRatios.push(r);
    row(
      `GET ${p}`,
      `idle p50 ${f(percentile(idle, 50), 0)} p95 ${f(percentile(idle, 95), 0)} | load p50 ${f(percentile(busy, 50), 0)} p95 ${f(percentile(busy, 95), 0)} ms`,
      `p95 ${f(r, 2)}x (target <= 1.5x)`,
    );
  }
  const pl = summarize(pages.load.latencies);
  row(
    `  the ingest meanwhile (${pl.n} ok, ${pages.load.failed} failed)`,
    `p50 ${f(pl.p50)}  p99 ${f(pl.p99)} ms`,
  );
  console.log("\n5. after the load");
  row(
    "projection caught up (jobs' event_count = job events acked)",
    `${f(caughtUpMs, 0)} ms`,
    `(${jobEvents} / ${acked.job})`,
  );
  const same = storedN === acked.all;
  row(
    "rows stored = events acknowledged",
    `${storedN} stored, ${acked.all} acknowledged`,
    same ? "ok" : "MISMATCH",
  );

  const fr = [...fresh.values()].map((xs) => percentile(xs, 95));
  console.log("\nsummary");
  row(
    "single-event req/s / health req/s, 8 connections",
    `${f(rate(events8), 0)} / ${f(rate(health8), 0)} = ${f(ratio * 100)}%`,
    ratio >= 0.6 ? "meets >= 60%" : "below 60%",
  );
  row("single-event req/s, 1 connection", `${f(rate(events1), 0)}`);
  row(
    "p50 / p99 at 70% load",
    `${f(lat.p50)} / ${f(lat.p99)} ms`,
    lat.p99 < 25 ? "meets < 25 ms" : "over 25 ms",
  );
  row(
    "freshness p95 (job page, jobs list, agent)",
    `${fr.map((x) => f(x, 0)).join(", ")} ms`,
    fr.every((x) => x <= 2000) ? "meets <= 2 s" : "over 2 s",
  );
  row(
    "page p95 under load / idle (Overview, Failures, Costs, Jobs)",
    pageRatios.map((x) => f(x, 2)).join(", "),
    pageRatios.every((x) => x <= 1.5) ? "meets <= 1.5x" : "over 1.5x",
  );
  row(
    "catch-up after the load; rows stored = acknowledged",
    `${f(caughtUpMs, 0)} ms; ${same ? "yes" : "NO"}`,
  );
  if (!same || !Number.isFinite(caughtUpMs)) process.exitCode = 1;
} finally {
  server?.stop();
  await bench.stop();
}
