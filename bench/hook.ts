// `npm run bench:hook`: the wall time one Claude Code hook call costs Claude Code, p50 and p95 over N calls:
// the shipped hook (plain JavaScript from bin/dist, spooling to disk) against a console that answers, the same
// against a console that never answers, and, as the baseline in the same run, the same source started through
// tsx (the TypeScript compile every call paid before bin/dist). Also checks that the spool delivered everything.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const N = Number(process.env.BENCH_HOOK_CALLS ?? 40);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fw-bench-hook-"));

let stored = 0;
const live = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const n = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { events: unknown[] }).events.length;
    stored += n;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ accepted: n, duplicates: 0, rejected: 0, results: [] }));
  });
});
const silent = http.createServer(() => {}); // never answers
for (const s of [live, silent]) await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
const url = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

function call(command: string[], target: string, i: number): Promise<number> {
  const input = JSON.stringify({
    session_id: "bench-session",
    hook_event_name: "PreToolUse",
    cwd: tmp,
    tool_name: "Bash",
    tool_input: { command: "npm test" },
    tool_use_id: `toolu_${i}`,
  });
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, command, {
      env: {
        PATH: process.env.PATH,
        HOME: tmp,
        FLEETWATCH_URL: target,
        FLEETWATCH_KEY: "fwk_bench",
        FLEETWATCH_SPOOL_DIR: path.join(tmp, "spool"),
        FLEETWATCH_STATE_DIR: path.join(tmp, "state"),
        FLEETWATCH_SENDER_IDLE_MS: "500",
        FLEETWATCH_SENDER_GIVE_UP_MS: "2000",
        // run from the TypeScript source, the hook would look for the sender beside it: use the bundled one
        FLEETWATCH_SENDER_SCRIPT: path.join(root, "bin/dist/fleetwatch-sender.mjs"),
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["pipe", "ignore", "ignore"],
    });
    child.on("close", () => resolve(performance.now() - t0));
    child.stdin.end(input);
  });
}

async function series(name: string, command: string[], target: string) {
  const times: number[] = [];
  for (let i = 0; i < N; i++) times.push(await call(command, target, i));
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  console.log(
    `${name.padEnd(46)} p50 ${at(0.5).toFixed(0).padStart(4)} ms   p95 ${at(0.95).toFixed(0).padStart(4)} ms`,
  );
  return at(0.95);
}

const bundle = [path.join(root, "bin/fleetwatch-claude-hook.mjs")];
const viaTsx = ["--import", "tsx", path.join(root, "lib/runner-client/claude-code-hook.ts")];
console.log(`${N} PreToolUse calls each, one after another (${os.cpus().length} cores)`);
const shipped = await series("bin/dist (plain JS), console answering", bundle, url(live));
await series("bin/dist (plain JS), console never answering", bundle, url(silent));
const before = await series("same source through tsx (the old start-up)", viaTsx, url(live));
const bare = await series("node -e '' (Node's own start, the floor)", ["-e", ""], url(live));
console.log(`p95 above a bare Node start: ${(shipped - bare).toFixed(0)} ms`);
console.log(`p95 ratio shipped / tsx: ${(shipped / before).toFixed(2)}`);
// the background sender delivers the spool: wait for it, then count
const until = Date.now() + 15_000;
while (stored < 2 * N && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
console.log(`events delivered by the background sender to the answering console: ${stored} of ${2 * N}`);
for (const s of [live, silent]) s.closeAllConnections?.();
for (const s of [live, silent]) s.close();
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(0);
