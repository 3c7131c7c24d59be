// The pure pieces of bench:webhook: percentiles, the open and closed loops, and the events it sends (every one
// valid under the real ingest protocol, in order per job, ids unique).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { newFreshness, probeEvent, runProbe } from "@/bench/lib/freshness";
import { HookFleet } from "@/bench/lib/hook-fleet";
import { closedLoop, httpClient, openLoop, percentile, scheduledAt, summarize } from "@/bench/lib/load";
import { parseEvent } from "@/lib/ingest/protocol";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("percentile (nearest rank)", () => {
  it("takes the value at rank ceil(p/100 * n) of the sorted values", () => {
    // 1..10 shuffled: p50 -> rank 5 -> 5; p95 -> rank ceil(9.5) = 10 -> 10; p10 -> rank 1 -> 1
    const xs = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile(xs, 10)).toBe(1);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    // 200 values 1..200: p99 -> rank 198 -> 198 (an interpolating p99 would give 198.01)
    const many = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(many, 99)).toBe(198);
    expect(xs[0]).toBe(7); // the input is not sorted in place
  });

  it("is NaN without values, and summarize gives p50/p95/p99/max", () => {
    expect(percentile([], 50)).toBeNaN();
    // 1..100: p50 = 50, p95 = 95, p99 = 99, max = 100
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });
});

describe("openLoop", () => {
  it("sends on schedule whatever the server does, and counts latency from the scheduled time", async () => {
    // 100/s for 200 ms: requests 0..19 due at 0, 10, ..., 190 ms. Each takes 100 ms, so a closed loop on one
    // connection would take 2 s; the open loop has sent all 20 by ~200 ms and is done by ~300 ms.
    expect(scheduledAt(19, 100)).toBe(190);
    const sentAt: number[] = [];
    const t0 = performance.now();
    const r = await openLoop({
      rate: 100,
      durationMs: 200,
      fire: async (i) => {
        sentAt[i] = performance.now() - t0;
        await sleep(100);
        return i !== 3; // one failure
      },
    });
    expect(sentAt).toHaveLength(20);
    for (let i = 0; i < 20; i++) {
      expect(sentAt[i]).toBeGreaterThanOrEqual(scheduledAt(i, 100) - 1); // never early
      expect(sentAt[i]).toBeLessThan(scheduledAt(i, 100) + 80); // and not held back by the slow answers
    }
    expect(r.done).toBe(19);
    expect(r.failed).toBe(1);
    expect(r.seconds).toBeLessThan(1);
    for (const ms of r.latencies) expect(ms).toBeGreaterThanOrEqual(99);
  });

  it("counts the time a request waited past its schedule (queueing) in its latency", async () => {
    // 1000/s for 50 ms: 50 requests due every 1 ms. Request 0 holds the client for 40 ms and fails (so its own
    // time is not counted), so requests 1..39 go out late though each answers at once: request 1, due at 1 ms
    // and sent at ~40 ms, has a latency of ~39 ms (measured from when it was sent it would be ~0)
    const r = await openLoop({
      rate: 1000,
      durationMs: 50,
      fire: async (i) => {
        if (i === 0) {
          const block = performance.now() + 40;
          while (performance.now() < block);
          return false;
        }
        return true;
      },
    });
    expect(r.done).toBe(49);
    expect(r.failed).toBe(1);
    expect(Math.max(...r.latencies)).toBeGreaterThanOrEqual(37);
  });

  it("skips and counts the requests due while maxInFlight are unanswered", async () => {
    // 1000/s for 50 ms: 50 due, each answered after 200 ms, at most 10 out: requests 0..9 go out, the 40 due
    // while they are out (all of them: the first answer comes at ~200 ms) are skipped
    const r = await openLoop({
      rate: 1000,
      durationMs: 50,
      maxInFlight: 10,
      fire: () => sleep(200).then(() => true),
    });
    expect(r.done).toBe(10);
    expect(r.skipped).toBe(40);
    expect(r.failed).toBe(0);
  });

  it("stops when stop() says so instead of after durationMs", async () => {
    let stop = false;
    setTimeout(() => {
      stop = true;
    }, 100);
    const r = await openLoop({ rate: 200, durationMs: 0, fire: async () => true, stop: () => stop });
    // 200/s for ~100 ms: about 20 requests (timers on a busy machine: allow 10..30)
    expect(r.done).toBeGreaterThanOrEqual(10);
    expect(r.done).toBeLessThanOrEqual(30);
  });
});

describe("closedLoop", () => {
  it("runs `connections` workers back to back: throughput bounded by connections / latency", async () => {
    // 2 workers, 50 ms per request, 300 ms: each starts requests at 0, 50, ..., 250 -> 6 each, 12 in all
    // (a slow timer can cost one or two)
    const r = await closedLoop({ connections: 2, durationMs: 300, fire: () => sleep(50).then(() => true) });
    expect(r.done).toBeGreaterThanOrEqual(10);
    expect(r.done).toBeLessThanOrEqual(12);
    expect(r.failed).toBe(0);
    const bad = await closedLoop({
      connections: 1,
      durationMs: 30,
      fire: () => Promise.reject(new Error("x")),
    });
    expect(bad.done).toBe(0);
    expect(bad.failed).toBeGreaterThan(0);
  });
});

describe("HookFleet", () => {
  it("sends valid events, round robin over the agents, each job's 16 events in order with unique ids", () => {
    const fleet = new HookFleet("t", 3);
    const events = Array.from({ length: 3 * 16 * 2 }, () => {
      const { body, type } = fleet.next();
      const [e] = (JSON.parse(body) as { events: Record<string, unknown>[] }).events;
      expect(e?.type).toBe(type);
      const parsed = parseEvent(e);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.event;
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    // round robin: events 0, 1, 2 are the first events of agents 0, 1, 2's first jobs
    expect(events.slice(0, 3).map((e) => [e.type, e.job, e.agent])).toEqual([
      ["job.started", "t-a0-j0", "t-agent-0"],
      ["job.started", "t-a1-j0", "t-agent-1"],
      ["job.started", "t-a2-j0", "t-agent-2"],
    ]);
    const job = events.filter((e) => e.job === "t-a1-j0");
    expect(job.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(job.map((e) => e.type)).toEqual([
      "job.started",
      "job.message",
      ...Array.from({ length: 4 }, () => ["job.tool_call", "job.tool_result", "job.usage"]).flat(),
      "job.message",
      "job.completed",
    ]);
    // each tool result answers the call before it
    const calls = job
      .filter((e) => e.type === "job.tool_call")
      .map((e) => (e.data as { call_id: string }).call_id);
    const results = job
      .filter((e) => e.type === "job.tool_result")
      .map((e) => (e.data as { call_id: string }).call_id);
    expect(results).toEqual(calls);
    expect(new Set(calls).size).toBe(4);
    // the second round of each agent is its next job
    expect(events[48]?.job).toBe("t-a0-j1");
  });

  it("ends one job in five with job.failed", () => {
    const fleet = new HookFleet("t", 1);
    const ends = Array.from({ length: 16 * 5 }, () => fleet.next().type).filter((t) =>
      /completed|failed/.test(t),
    );
    expect(ends).toEqual(["job.completed", "job.completed", "job.completed", "job.completed", "job.failed"]);
  });

  it("freshness probes are valid events: a job.started of a new job, then a heartbeat of a new agent", () => {
    const a = probeEvent("p", 0);
    const b = probeEvent("p", 1);
    for (const p of [a, b]) expect(parseEvent(p.event).ok).toBe(true);
    expect(a.event.type).toBe("job.started");
    expect(a.polls.map(([s, path]) => [s, path])).toEqual([
      ["job page", "/api/v1/jobs/p-probe-0"],
      ["jobs list", "/api/v1/jobs?agent=p-worker-0"],
    ]);
    expect(b.event.type).toBe("agent.heartbeat");
    expect(b.polls.map(([s, path]) => [s, path])).toEqual([["agent", "/api/v1/agents/p-hb-1"]]);
  });
});

describe("runProbe", () => {
  it("measures from the 2xx to the poll that shows the fact, on a server that shows it 150 ms late", async () => {
    // a stand-in console on localhost: it acknowledges the event, then its read API answers 404 (job page,
    // agent) or an empty list (jobs list) until 150 ms after the acknowledgement
    let ackedAt = 0;
    const srv = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const visible = ackedAt > 0 && performance.now() - ackedAt >= 150;
        res.setHeader("content-type", "application/json");
        if (req.method === "POST") {
          ackedAt = performance.now();
          return res.end(JSON.stringify({ accepted: 1, duplicates: 0, rejected: 0 }));
        }
        if (req.url?.startsWith("/api/v1/jobs?"))
          return res.end(JSON.stringify({ jobs: visible ? [{}] : [] }));
        res.statusCode = visible ? 200 : 404;
        res.end("{}");
      });
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const client = httpClient(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`, 4);
    try {
      const into = newFreshness();
      let jobAcks = 0;
      const onAck = (isJob: boolean) => {
        if (isJob) jobAcks++;
      };
      for (const n of [0, 1]) {
        ackedAt = 0;
        await runProbe({ client, ingest: {}, read: {}, prefix: "t", n, into, onAck, everyMs: 10 });
      }
      expect(jobAcks).toBe(1); // probe 0 is a job.started, probe 1 a heartbeat
      expect(into.acks).toHaveLength(2);
      for (const surface of ["job page", "jobs list", "agent"] as const) {
        const [seen] = into.seen.get(surface) ?? [];
        const [sent] = into.sentAfter.get(surface) ?? [];
        // polled every 10 ms: the first poll that shows it is sent 150..~190 ms after the 2xx (the ack is
        // stamped on the server a little before the client reads it), and ends after it was sent
        expect(sent).toBeGreaterThanOrEqual(140);
        expect(sent).toBeLessThan(400);
        expect(seen).toBeGreaterThanOrEqual(sent as number);
      }
      expect(into.missed.size).toBe(0);
    } finally {
      client.close();
      srv.close();
    }
  });
});

describe("cpuMeter", () => {
  it("charges a busy child process and its own child to the server, and this process to the bench", async () => {
    const { spawn } = await import("node:child_process");
    const { cpuMeter, processTree, describeCpu } = await import("@/bench/lib/cpu");
    // a parent that starts a child, both spinning for 1.5 s: the tree of the first is both (measured while they
    // run: an exited process leaves no trace in /proc)
    const spin = "const t = Date.now(); while (Date.now() - t < 1500);";
    const parent = spawn(process.execPath, [
      "-e",
      `require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(spin)}], { stdio: "inherit" }); ${spin}`,
    ]);
    let tree = processTree(parent.pid as number);
    for (let i = 0; i < 100 && tree.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      tree = processTree(parent.pid as number);
    }
    expect(tree[0]).toBe(parent.pid);
    expect(tree.length).toBe(2);
    const meter = cpuMeter(tree);
    const t = Date.now();
    while (Date.now() - t < 150); // this process spins too, a little
    await new Promise((r) => setTimeout(r, 350));
    const shares = meter.stop();
    for (const pid of tree) process.kill(pid);
    expect(shares).not.toBeNull();
    if (!shares) return;
    // two processes spinning on this machine's cores for most of the window: well above nothing
    expect(shares.server).toBeGreaterThan(0.1);
    expect(shares.bench).toBeGreaterThan(0);
    expect(shares.busy).toBeGreaterThanOrEqual(shares.server);
    expect(describeCpu(shares)).toMatch(
      /^\d+% of \d+ cores busy: server \d+%, PostgreSQL \d+%, this bench \d+%/,
    );
  });
});

describe("serverThread and threadMeter", () => {
  it("find the process running scripts/server.mjs, and read a thread's time on a core from the scheduler", async () => {
    const { spawn } = await import("node:child_process");
    const { serverThread, threadMeter } = await import("@/bench/lib/cpu");
    // a process whose last argument is a path ending in scripts/server.mjs (as `node .../scripts/server.mjs`)
    // and one that is not: only the first is the server's
    const idle = "setTimeout(() => {}, 5000)";
    const other = spawn(process.execPath, ["-e", idle]);
    const server = spawn(process.execPath, ["-e", idle, "/x/scripts/server.mjs"]);
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(serverThread([other.pid as number, server.pid as number])).toBe(server.pid);
      expect(serverThread([other.pid as number])).toBeNull();
    } finally {
      // gone before the spin below: two Node processes still starting would take the cores from it
      const exited = (c: typeof other) =>
        new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r)));
      other.kill();
      server.kill();
      await Promise.all([exited(other), exited(server)]);
    }
    // this thread (the test's, whichever thread of its process that is) spins for 200 ms of wall time, never
    // sleeping: its time on a core and its time waiting for one add up to the wall time (within the scheduler's
    // accounting lag), however the cores are shared meanwhile (other test files run in parallel); a thread that
    // cannot be read gives null
    const [pid, , tid] = (await import("node:fs")).readlinkSync("/proc/thread-self").split("/").map(Number);
    const meter = threadMeter(pid as number, tid);
    const t = Date.now();
    while (Date.now() - t < 200);
    const time = meter.stop();
    const wall = Date.now() - t;
    expect(time).not.toBeNull();
    expect(time?.ranMs).toBeGreaterThan(0);
    expect(time?.ranMs).toBeLessThan(wall + 20);
    expect((time?.ranMs ?? 0) + (time?.waitedMs ?? 0)).toBeGreaterThan(wall - 20);
    expect((time?.ranMs ?? 0) + (time?.waitedMs ?? 0)).toBeLessThan(wall + 20);
    expect(time?.waitedMs).toBeGreaterThanOrEqual(0);
    expect(threadMeter(2 ** 22 + 7).stop()).toBeNull();
  });
});
