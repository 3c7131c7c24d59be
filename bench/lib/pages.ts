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
