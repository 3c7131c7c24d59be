// Load generation for the benches: a keep-alive HTTP client with a fixed number of sockets, closed-loop runs
// (N connections back to back: the maximum throughput) and open-loop runs (requests scheduled at a fixed rate,
// latency counted from the scheduled time, so time spent queueing behind a slow server counts), percentiles.
import http from "node:http";

/** Nearest-rank percentile (p in 0..100) of the values; NaN when there are none. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))] as number;
}

export type Summary = { n: number; p50: number; p95: number; p99: number; max: number };

export function summarize(xs: readonly number[]): Summary {
  return {
    n: xs.length,
    p50: percentile(xs, 50),
    p95: percentile(xs, 95),
    p99: percentile(xs, 99),
    max: xs.length ? Math.max(...xs) : Number.NaN,
  };
}

/** When the i-th request of an open loop at `rate` per second is due, in ms after the start. */
export function scheduledAt(i: number, rate: number): number {
  return (i * 1000) / rate;
}

export type Reply = { status: number; text: string };

/** A keep-alive client of one server on at most `sockets` connections (more requests wait in its queue). */
export function httpClient(baseUrl: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const base = new URL(baseUrl);
  const request = (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { request, close: () => agent.destroy() };
}

export type LoopResult = {
  done: number;
  failed: number;
  /** open loop only: requests not sent because `maxInFlight` were still out (the server fell behind) */
  skipped: number;
  seconds: number;
  latencies: number[];
};

/**
 * `connections` workers each call `fire` back to back until `durationMs` has passed; `fire` resolves true
 * for a success. The count of successes over the elapsed time is the closed-loop throughput.
 */
export async function closedLoop(opts: {
  connections: number;
  durationMs: number;
  fire: (i: number) => Promise<boolean>;
}): Promise<LoopResult> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const s = performance.now();
      const ok = await opts.fire(next++).catch(() => false);
      if (ok) latencies.push(performance.now() - s);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  return { done: latencies.length, failed, skipped: 0, seconds: (performance.now() - t0) / 1000, latencies };
}

/**
 * Open loop: request i is due at start + i/rate seconds and is sent then whether or not the earlier ones have
 * answered; its latency is measured from when it was due. Runs for `durationMs`, or until `stop()` says so
 * when given, then waits for the requests still out. A request due while `maxInFlight` are out is skipped
 * and counted (a server that cannot keep up would otherwise grow the queue, and the run, without bound).
 */
export async function openLoop(opts: {
  rate: number;
  durationMs: number;
  fire: (i: number) => Promise<boolean>;
  stop?: () => boolean;
  maxInFlight?: number;
}): Promise<LoopResult> {
  const latencies: number[] = [];
  const out: Promise<void>[] = [];
  let failed = 0;
  let skipped = 0;
  let inFlight = 0;
  const t0 = performance.now();
  let i = 0;
  const due = () => t0 + scheduledAt(i, opts.rate);
  const finished = () => (opts.stop ? opts.stop() : scheduledAt(i, opts.rate) >= opts.durationMs);
  while (!finished()) {
    const wait = due() - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, Math.max(1, Math.floor(wait))));
    // everything due by now goes out at once (a late timer does not thin the schedule out)
    while (!finished() && due() <= performance.now()) {
      const scheduled = due();
      i++;
      if (inFlight >= (opts.maxInFlight ?? Number.POSITIVE_INFINITY)) {
        skipped++;
        continue;
      }
      inFlight++;
      out.push(
        opts.fire(i - 1).then(
          (ok) => {
            inFlight--;
            if (ok) latencies.push(performance.now() - scheduled);
            else failed++;
          },
          () => {
            inFlight--;
            failed++;
          },
        ),
      );
    }
  }
  await Promise.all(out);
  return { done: latencies.length, failed, skipped, seconds: (performance.now() - t0) / 1000, latencies };
}
