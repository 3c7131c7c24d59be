// `npm run bench:health`: /api/health latency on a production server with the simulator's default fleet, idle
// and then while 4 clients run slow searches back to back (GET /api/v1/search and /api/v1/jobs?search= with a
// phrase of two common words that is rarely a phrase: every candidate is checked) and a Claude Code session
// file is imported again and again (POST /api/v1/import, the file as the body). Prints p50/p99/max of both phases,
// the searches' and imports' own figures, and the ratio. Target: health p99 under 50 ms under load.
// BENCH_DATABASE_URL=<server> BENCH_REUSE=1 reuses the fleet a previous run loaded (loading takes minutes).
import { randomUUID } from "node:crypto";
import { createApiKey } from "@/lib/auth/api-keys";
import { fleetDatabase } from "./lib/fleet";
import { startServer } from "./lib/server";

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 15_000);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 40_000);
// BENCH_SEARCHERS / BENCH_IMPORT=0 take one part of the load away, to tell which one costs the health probe
const SEARCHERS = Number(process.env.BENCH_SEARCHERS ?? 4);
const IMPORT = process.env.BENCH_IMPORT !== "0";
// "the the": both words are in tens of thousands of entries, the phrase in almost none, so each search checks
// every candidate (seconds on this fleet): the slowest kind of search, bounded by the search timeout
const SLOW = '"the the"';

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Claude Code session file of `lines` messages (about 600 bytes each) with a fresh session id. */
function sessionFile(lines: number): string {
  const sessionId = randomUUID();
  const t0 = Date.now() - 3_600_000;
  let parent: string | null = null;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const uuid = randomUUID();
    const timestamp = new Date(t0 + i * 500).toISOString();
    const text = `Step ${i}: read the module, ran the tests and checked the output. `.repeat(8);
    const message =
      i % 2 === 0
        ? { role: "user", content: text }
        : {
            role: "assistant",
            model: "claude-sonnet-4-5",
            content: [{ type: "text", text }],
            usage: { input_tokens: 100, output_tokens: 50 },
          };
    out.push(
      JSON.stringify({
        parentUuid: parent,
        isSidechain: false,
        sessionId,
        cwd: "/repo",
        version: "2.0.0",
        type: i % 2 === 0 ? "user" : "assistant",
        message,
        uuid,
        timestamp,
      }),
    );
    parent = uuid;
  }
  return out.join("\n");
}

// its own database: the imports add entries that would change bench:search's figures
const fleet = await fleetDatabase("health");
const server = await startServer(fleet.url);
try {
  const { key } = await createApiKey({
    db: fleet.handle.db,
    projectId: fleet.project.id,
    name: "bench-health",
    scopes: ["ingest", "read"],
  });
  const auth = { authorization: `Bearer ${key}` };

  const pollHealth = async (ms: number) => {
    const times: number[] = [];
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/health`);
      await res.text();
      if (!res.ok) throw new Error(`health answered ${res.status}`);
      times.push(performance.now() - t0);
      await sleep(20);
    }
    return times;
  };

  await pollHealth(2_000); // warm
  const idle = await pollHealth(IDLE_MS);

  let running = true;
  const searches: { ms: number; status: number }[] = [];
  const searcher = async (i: number) => {
    const q = encodeURIComponent(SLOW);
    const path = i % 2 ? `/api/v1/search?range=all&q=${q}` : `/api/v1/jobs?range=all&search=${q}`;
    while (running) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: auth });
      await res.text();
      searches.push({ ms: performance.now() - t0, status: res.status });
    }
  };
  const imports: { ms: number; events: number }[] = [];
  const importer = async () => {
    while (running) {
      // the file itself as the body, as the Jobs page's drop zone sends it
      const body = sessionFile(4000);
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/import?file_name=session.jsonl`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/x-ndjson" },
        body,
      });
      const out = (await res.json()) as { accepted?: number };
      if (!res.ok) throw new Error(`import answered ${res.status}: ${JSON.stringify(out)}`);
      imports.push({ ms: performance.now() - t0, events: out.accepted ?? 0 });
    }
  };
  const load = [...Array.from({ length: SEARCHERS }, (_, i) => searcher(i)), IMPORT ? importer() : null];
  await sleep(1_000); // let the load start
  const loaded = await pollHealth(LOAD_MS);
  running = false;
  await Promise.all(load);

  const row = (label: string, xs: number[]) =>
    console.log(
      `  ${label.padEnd(34)} p50 ${pct(xs, 50).toFixed(1).padStart(7)}  p99 ${pct(xs, 99).toFixed(1).padStart(7)}  max ${Math.max(
        ...xs,
      )
        .toFixed(1)
        .padStart(7)} ms  (${xs.length} requests)`,
    );
  console.log("\nGET /api/health, production server, sequential requests 20 ms apart");
  row("idle", idle);
  row(`${SEARCHERS} slow searches${IMPORT ? " + an import" : ""}`, loaded);
  console.log(
    `  p99 under load / idle: ${(pct(loaded, 99) / pct(idle, 99)).toFixed(1)}x; target p99 < 50 ms`,
  );
  const ok = searches.filter((s) => s.status === 200);
  const timedOut = searches.filter((s) => s.status === 503);
  console.log(`\nthe load (${(LOAD_MS / 1000).toFixed(0)} s)`);
  row(
    `searches ${SLOW}, 200`,
    ok.map((s) => s.ms),
  );
  if (timedOut.length)
    row(
      "searches, 503 query_timeout",
      timedOut.map((s) => s.ms),
    );
  const other = searches.length - ok.length - timedOut.length;
  if (other) console.log(`  searches with another status: ${other}`);
  row(
    "imports (4,000 lines each)",
    imports.map((s) => s.ms),
  );
  console.log(`  events imported: ${imports.reduce((n, x) => n + x.events, 0)}`);
} finally {
  await server.stop();
  await fleet.stop();
}
