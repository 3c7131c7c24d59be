// bench:webhook's printout: the figures of each part, then a summary against the targets of issue 16.
import { type CpuShares, describeCpu, type ThreadTime } from "./cpu";
import type { Freshness } from "./freshness";
import { type LoopResult, percentile, summarize } from "./load";

export type WebhookFigures = {
  agents: number;
  connections: number;
  /** The open loops' connections. */
  loadConnections: number;
  durationS: number;
  loadS: number;
  pageRuns: number;
  health8: LoopResult;
  events8: LoopResult;
  health1: LoopResult;
  events1: LoopResult;
  target: number;
  maxInFlight: number;
  backlogMs: number;
  latency: LoopResult;
  /** Where the cores went during the 70% load (parts 2 and 3), and during the page timings under it (part 4). */
  latencyCpu: CpuShares | null;
  fresh: Freshness;
  pagesIdle: Map<string, number[]>;
  pagesBusy: Map<string, number[]>;
  pagesLoad: LoopResult;
  pagesCpu: CpuShares | null;
  /** the server thread's time on a core and waiting for one while the pages were timed (warm-ups included; under
   * the load, its share of forwarding the webhook too), and the page requests made meanwhile */
  pageThread: { idle: ThreadTime | null; busy: ThreadTime | null; requests: number };
  caughtUpMs: number;
  jobEvents: number;
  ackedJob: number;
  stored: number;
  ackedAll: number;
};

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const row = (label: string, figure: string, target = "") =>
  console.log(`  ${label.padEnd(62)} ${figure.padEnd(52)} ${target}`.trimEnd());
export const rate = (r: LoopResult) => r.done / r.seconds;
const dist = (xs: number[]) => {
  const s = summarize(xs);
  return `p50 ${f(s.p50)}  p95 ${f(s.p95)}  p99 ${f(s.p99)}  max ${f(s.max)} ms`;
};

export function printWebhookReport(x: WebhookFigures) {
  // BENCH_LOAD_RATE: a fixed rate instead of 70% of the maximum (the same setting the bench read)
  const share = Number(process.env.BENCH_LOAD_RATE ?? 0) > 0 ? "a fixed rate" : "70% of max";
  const ratio = rate(x.events8) / rate(x.health8);
  console.log(
    `\nbench:webhook: ${x.agents} agents, ${x.durationS} s per throughput figure, ${x.loadS} s of 70% load, ${x.pageRuns} runs per page`,
  );
  // the bench's own setting, passed on to the server it starts (lib/env.ts: FLEETWATCH_INGEST_FRONT)
  const front = process.env.FLEETWATCH_INGEST_FRONT ?? "thread";
  const where = {
    thread: "the ingest front of scripts/server.mjs, in its ingest thread",
    on: "the ingest front of scripts/server.mjs, on the server thread (FLEETWATCH_INGEST_FRONT=on)",
    off: "Next.js, like every route (FLEETWATCH_INGEST_FRONT=off)",
  }[front];
  console.log(`POST /api/v1/events: ${where ?? front}; GET /api/health: Next.js`);
  console.log("\n1. max throughput, closed loop, keep-alive connections");
  row(
    `GET /api/health, ${x.connections} connections`,
    `${f(rate(x.health8), 0)} req/s`,
    `(${x.health8.failed} failed)`,
  );
  row(
    `POST /api/v1/events (1 event), ${x.connections} connections`,
    `${f(rate(x.events8), 0)} req/s`,
    `(${x.events8.failed} failed)`,
  );
  row("events / health", `${f(ratio * 100)}%`, "target >= 60%");
  row(
    "GET /api/health, 1 connection",
    `${f(rate(x.health1), 0)} req/s, ${f(1000 / rate(x.health1))} ms each`,
  );
  row(
    "POST /api/v1/events (1 event), 1 connection",
    `${f(rate(x.events1), 0)} req/s, ${f(1000 / rate(x.events1))} ms each`,
    `(${x.events1.failed} failed)`,
  );
  row("projection backlog after the max-throughput runs caught up in", `${f(x.backlogMs, 0)} ms`);

  console.log(
    `\n2. latency at ${share}: ${f(x.target, 0)} req/s scheduled (open loop, ${x.loadConnections} connections), from the scheduled time`,
  );
  const lat = summarize(x.latency.latencies);
  row(
    `POST /api/v1/events: ${lat.n} ok, ${x.latency.failed} failed, ${x.latency.skipped} skipped`,
    dist(x.latency.latencies),
    "target p99 < 25 ms",
  );
  row(`the probes' own POSTs (${x.fresh.acks.length}, ${x.fresh.refused} refused)`, dist(x.fresh.acks));
  console.log(`  CPU meanwhile: ${describeCpu(x.latencyCpu)}`);

  console.log(
    "\n3. freshness under that load: from the 2xx to the end of the first poll (every 20 ms, read key) that shows it",
  );
  for (const [surface, xs] of x.fresh.seen) {
    const miss = x.fresh.missed.get(surface) ?? 0;
    row(
      `${surface}: ${xs.length} probes${miss ? `, ${miss} not shown within 10 s` : ""}`,
      dist(xs),
      "target p95 <= 2000 ms",
    );
    const lag = summarize(x.fresh.sentAfter.get(surface) ?? []);
    row(
      "  the poll that showed it was sent after the 2xx by",
      `p50 ${f(lag.p50)}  p95 ${f(lag.p95)}  max ${f(lag.max)} ms`,
    );
  }

  console.log(
    `\n4. page server time (whole GET with a session), ${x.pageRuns} runs each: idle | under the 70% load`,
  );
  const ratios: number[] = [];
  for (const [p, idle] of x.pagesIdle) {
    const busy = x.pagesBusy.get(p) ?? [];
    const r = percentile(busy, 95) / percentile(idle, 95);
    ratios.push(r);
    row(
      `GET ${p}`,
      `p50 ${f(percentile(idle, 50), 0)} p95 ${f(percentile(idle, 95), 0)} | p50 ${f(percentile(busy, 50), 0)} p95 ${f(percentile(busy, 95), 0)} ms`,
      `p95 ${f(r, 2)}x  target <= 1.5x`,
    );
  }
  row(
    `the ingest meanwhile: ${x.pagesLoad.done} ok, ${x.pagesLoad.failed} failed, ${x.pagesLoad.skipped} skipped`,
    dist(x.pagesLoad.latencies),
  );
  console.log(`  CPU meanwhile: ${describeCpu(x.pagesCpu)}`);
  const perPage = (t: ThreadTime | null) =>
    t
      ? `ran ${f(t.ranMs / x.pageThread.requests)}, waited for a core ${f(t.waitedMs / x.pageThread.requests)}`
      : "n/a";
  row(
    "the server thread per page: idle | under the load",
    `${perPage(x.pageThread.idle)} | ${perPage(x.pageThread.busy)} ms`,
    "(scheduler's accounting)",
  );
  if (x.latency.skipped + x.pagesLoad.skipped > 0)
    console.log(
      `  (skipped: due while ${x.maxInFlight} requests were unanswered: the server fell behind the 70% rate; the latencies leave them out)`,
    );

  console.log("\n5. after the load");
  row(
    "until the jobs' event_count sum = job events acknowledged",
    `${f(x.caughtUpMs, 0)} ms`,
    `(${x.jobEvents} of ${x.ackedJob})`,
  );
  const same = x.stored === x.ackedAll;
  row(
    "events stored in the project = events acknowledged",
    `${x.stored} = ${x.ackedAll}`,
    same ? "ok" : "MISMATCH",
  );

  const fr = [...x.fresh.seen.values()].map((xs) => percentile(xs, 95));
  console.log("\nsummary (targets of issue 16)");
  row(
    `single-event / health req/s at ${x.connections} connections`,
    `${f(rate(x.events8), 0)} / ${f(rate(x.health8), 0)} = ${f(ratio * 100)}%`,
    ratio >= 0.6 ? "meets >= 60%" : "misses >= 60%",
  );
  row(
    "single-event req/s at 1 connection",
    `${f(rate(x.events1), 0)} (${f(1000 / rate(x.events1))} ms each)`,
  );
  row(
    `p50 / p99 at ${share} (${f(x.target, 0)} req/s)`,
    `${f(lat.p50)} / ${f(lat.p99)} ms${x.latency.skipped ? ` (${x.latency.skipped} skipped)` : ""}`,
    lat.p99 < 25 && x.latency.skipped === 0 ? "meets < 25 ms" : "misses < 25 ms",
  );
  row(
    "freshness p95: job page, jobs list, agent",
    `${fr.map((v) => f(v, 0)).join(", ")} ms`,
    fr.every((v) => v <= 2000) ? "meets <= 2 s" : "misses <= 2 s",
  );
  row(
    "page p95 under load / idle: Overview, Failures, Costs, Jobs",
    ratios.map((v) => `${f(v, 2)}x`).join(", "),
    ratios.every((v) => v <= 1.5) ? "meets <= 1.5x" : "misses <= 1.5x",
  );
  row("caught up after the load; stored = acknowledged", `${f(x.caughtUpMs, 0)} ms; ${same ? "yes" : "NO"}`);
  return same && Number.isFinite(x.caughtUpMs);
}
