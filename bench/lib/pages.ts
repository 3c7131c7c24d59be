// Page server time over HTTP: a production server on the bench database, the first (admin) account signed up
// through the auth API, then each page requested N times with that session; the median time to the whole
// server-rendered response (data queries and React rendering, no browser).
import { median, startServer } from "./server";

export async function timePages(databaseUrl: string, projectSlug: string, paths: string[], runs = 15) {
  const server = await startServer(databaseUrl);
  try {
    const res = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ name: "Bench", email: "bench@fleet.test", password: "bench password 1" }),
    });
    if (!res.ok) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
    const session = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const cookie = `${session}; fw_project=${projectSlug}`;
    const out: { path: string; ms: number; bytes: number }[] = [];
    for (const path of paths) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs + 2; i++) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
        const body = await r.text();
        if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
        if (i >= 2) times.push(performance.now() - t0); // two warm-up requests
        bytes = body.length;
      }
      out.push({ path, ms: median(times), bytes });
    }
    return out;
  } finally {
    server.stop();
  }
}

/**
 * Signs up the first (admin) account on a running server; returns the cookie header that opens `projectSlug`
 * with that session.
 */
export async function signUpSession(serverUrl: string, projectSlug: string, email = "bench@fleet.test") {
  const res = await fetch(`${serverUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: serverUrl },
    body: JSON.stringify({ name: "Bench", email, password: "bench password 1" }),
  });
  if (!res.ok) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return `${session}; fw_project=${projectSlug}`;
}

/** One page's server time: a whole GET with the session (server render and its queries), in ms. */
export async function timePage(serverUrl: string, path: string, cookie: string) {
  const t0 = performance.now();
  const r = await fetch(`${serverUrl}${path}`, { headers: { cookie } });
  await r.text();
  if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
  return performance.now() - t0;
}

/**
 * timePage from a worker thread of its own: a bench whose thread is busy sending a load would otherwise count
 * its own event loop's delays (the load's callbacks queued ahead of the page's) in the page's time, under load
 * but not idle. `close()` ends the thread.
 */
export function pageTimer() {
  const { Worker } = process.getBuiltinModule("node:worker_threads") as typeof import("node:worker_threads");
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
    parentPort.on("message", async ({ id, url, cookie }) => {
      try {
        const t0 = performance.now();
        const r = await fetch(url, { headers: { cookie } });
        await r.text();
        parentPort.postMessage({ id, ms: performance.now() - t0, status: r.status });
      } catch (err) {
        parentPort.postMessage({ id, error: String(err) });
      }
    });`,
    { eval: true },
  );
  const waiting = new Map<
    number,
    { resolve: (ms: number) => void; reject: (e: Error) => void; path: string }
  >();
  worker.on("message", (m: { id: number; ms?: number; status?: number; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (!w) return;
    if (m.error !== undefined) w.reject(new Error(m.error));
    else if (m.status !== 200) w.reject(new Error(`${w.path} answered ${m.status}`));
    else w.resolve(m.ms ?? Number.NaN);
  });
  let next = 0;
  return {
    time: (serverUrl: string, path: string, cookie: string) =>
      new Promise<number>((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject, path });
        worker.postMessage({ id, url: `${serverUrl}${path}`, cookie });
      }),
    close: () => worker.terminate(),
  };
}
