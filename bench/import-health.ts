// `npm run bench:import-health`: how long GET /api/health takes while POST /api/v1/import reads hostile
// uploads, against a production server on real PostgreSQL. /api/health is polled every 10 ms (one request
// at a time) at idle, then during each upload; prints p50 / p99 / max of its latency for each, and the
// upload's status and time. The target: health max under 100 ms while 50 MB of garbage is rejected.
//   flags: --mb 50 --idle-ms 3000 --valid-mb 20 (0: skip the valid import) --rounds 1
//   env: BENCH_DATABASE_URL (else a throwaway cluster)
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { createApiKey } from "@/lib/auth/api-keys";
import { ensureProject } from "@/lib/projects/queries";
import { benchDatabase, startServer } from "./lib/server";

const { values } = parseArgs({
  options: {
    mb: { type: "string", default: "50" },
    "idle-ms": { type: "string", default: "3000" },
    "valid-mb": { type: "string", default: "20" },
    rounds: { type: "string", default: "1" },
  },
});
const MB = 1024 * 1024;
const SIZE = Number(values.mb) * MB;
const IDLE_MS = Number(values["idle-ms"]);
const VALID_SIZE = Number(values["valid-mb"]) * MB;
const ROUNDS = Number(values.rounds);

type Upload = { name: string; body: Buffer; type: string; file: string; expect: number };

/** A Claude Code session of about `size` bytes: the fixture's lines again and again, with fresh uuids. */
function validSession(size: number): Buffer {
  const beside = path.resolve(import.meta.dirname, "../../shared/fixtures");
  const dir = fs.existsSync(beside) ? beside : "/work/shared/fixtures";
  const lines = fs
    .readFileSync(path.join(dir, "claude-code/viewer-session-5c0375b4.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean);
  const out: string[] = [];
  let bytes = 0;
  for (let k = 0; bytes < size; k++)
    for (const l of lines) {
      const s = l.replace(/"uuid":"([^"]+)"/, (_m, u) => `"uuid":"${u}-${k}"`);
      out.push(s);
      bytes += Buffer.byteLength(s) + 1;
    }
  return Buffer.from(out.join("\n"));
}

function uploads(): Upload[] {
  const random = randomBytes(SIZE);
  const list: Upload[] = [
    {
      name: `${values.mb} MB random bytes`,
      body: random,
      type: "application/octet-stream",
      file: "x.jsonl",
      expect: 422,
    },
    {
      name: `${values.mb} MB, one line, no newline`,
      body: Buffer.alloc(SIZE, "{"),
      type: "application/octet-stream",
      file: "x.jsonl",
      expect: 413,
    },
    {
      name: "7 MB line of nested [",
      body: Buffer.from(`${"[".repeat(3_500_000)}${"]".repeat(3_500_000)}`),
      type: "application/octet-stream",
      file: "x.jsonl",
      expect: 422,
    },
    {
      // the JSON form: random bytes as a latin1 string grow ~2x once JSON-escaped; stay under the cap
      name: `${Math.floor(Number(values.mb) / 2.2)} MB random bytes in {file_name, text}`,
      body: Buffer.from(
        JSON.stringify({
          file_name: "x.jsonl",
          text: random.subarray(0, Math.floor(SIZE / 2.2)).toString("latin1"),
        }),
      ),
      type: "application/json",
      file: "x.jsonl",
      expect: 422,
    },
    {
      name: `${values.mb} MB + 1 byte (over the cap)`,
      body: Buffer.concat([random, Buffer.from("x")]),
      type: "application/octet-stream",
      file: "x.jsonl",
      expect: 413,
    },
  ];
  if (VALID_SIZE > 0)
    list.push({
      name: `${values["valid-mb"]} MB valid Claude Code session`,
      body: validSession(VALID_SIZE),
      type: "application/octet-stream",
      file: "5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl",
      expect: 200,
    });
  return list;
}

// The poller runs in a thread of its own, so the work of sending an upload from this process never delays
// a probe: what it measures is the server.
const POLLER = `
const { parentPort, workerData } = require("node:worker_threads");
let stop = false;
parentPort.on("message", () => { stop = true; });
(async () => {
  const out = [];
  while (!stop) {
    const t0 = performance.now();
    const res = await fetch(workerData.url + "/api/health");
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error("health answered " + res.status);
    out.push(ms);
    await new Promise((r) => setTimeout(r, Math.max(0, 10 - ms)));
  }
  parentPort.postMessage(out);
})();
`;

/** Polls /api/health every 10 ms (never two at once) until `until` settles; returns each latency. */
async function pollHealth(url: string, until: Promise<unknown>): Promise<number[]> {
  const poller = new Worker(POLLER, { eval: true, workerData: { url } });
  const result = once(poller, "message");
  await until.catch(() => {});
  poller.postMessage("stop");
  const [latencies] = (await result) as [number[]];
  await poller.terminate();
  return latencies;
}

function figures(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  const f = (n: number) => n.toFixed(1).padStart(6);
  return `p50 ${f(at(0.5))}  p99 ${f(at(0.99))}  max ${f(s[s.length - 1] ?? Number.NaN)} ms  (${s.length} probes)`;
}

async function post(url: string, key: string, u: Upload) {
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}/api/v1/import?file_name=${encodeURIComponent(u.file)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": u.type },
      body: u.body as Uint8Array<ArrayBuffer>,
    });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - t0, body: text.slice(0, 160) };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      ms: performance.now() - t0,
      body: `client error: ${cause?.code ?? cause?.message ?? e}`,
    };
  }
}

const bench = await benchDatabase("import_health");
let server: { url: string; stop: () => void } | null = null;
try {
  const project = await ensureProject({ db: bench.handle.db, slug: "bench-import" });
  const { key } = await createApiKey({
    db: bench.handle.db,
    projectId: project.id,
    name: "bench",
    scopes: ["ingest"],
  });
  const list = uploads();
  server = await startServer(bench.url);
  const url = server.url;
  await pollHealth(url, new Promise((r) => setTimeout(r, 1000))); // warm up the route and the pool

  // Rounds interleave idle and upload phases, so the machine's own noise shows in the idle figures too.
  const idle: number[] = [];
  const during = new Map<string, number[]>();
  let failed = false;
  for (let round = 1; round <= ROUNDS; round++) {
    idle.push(...(await pollHealth(url, new Promise((r) => setTimeout(r, IDLE_MS)))));
    for (const u of list) {
      const upload = post(url, key, u);
      during.set(u.name, [...(during.get(u.name) ?? []), ...(await pollHealth(url, upload))]);
      const r = await upload;
      const verdict = r.status === u.expect ? "" : `  (expected ${u.expect})`;
      if (verdict) failed = true;
      console.error(`round ${round}: ${u.name}: ${r.status} in ${Math.round(r.ms)} ms${verdict}  ${r.body}`);
    }
  }
  console.log(`/api/health every 10 ms, ${ROUNDS} round(s):`);
  console.log(`${"idle (between uploads)".padEnd(44)} ${figures(idle)}`);
  for (const [name, xs] of during) console.log(`${name.padEnd(44)} ${figures(xs)}`);
  if (failed) process.exitCode = 1;
} finally {
  await server?.stop();
  await bench.stop();
}
