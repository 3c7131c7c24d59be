// Issue 17 point 4: two production servers on one PostgreSQL. The suite's server (A) and a second production server of
// the same build (B, started here on another port with the same DATABASE_URL and settings) take the same events
// at once, each batch delivered twice to each of them, and triage of one issue from both; then both answer the
// jobs list, the issue and /api/metrics identically. The background work both run (alert evaluation every 3 s,
// the delivery worker every 5 s) happens once: one incident and one alert.trigger at the receiver.
// Projections may be asynchronous (a projector per instance): the spec polls the read API until both instances
// show every job, with a timeout, rather than trusting the answer to the POST.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import net from "node:net";
import type { APIRequestContext } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { DestinationsPage } from "./pages/destinations";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE });

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

/** A second production server (scripts/server.mjs) of the suite's build, on the suite's database, with the settings playwright.config gives A. */
async function startSecondInstance(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL,
      LOG_LEVEL: "warn",
      FLEETWATCH_WEBHOOK_ALLOW_PRIVATE: "1",
      FLEETWATCH_ALERT_EVALUATE_EVERY_SECONDS: "3",
      FLEETWATCH_OIDC_ALLOW_PRIVATE: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 })
    .toBe(200);
  return { url, child };
}

/** 8 jobs of 4 agents, minutes ago: 5 succeed, 3 fail with the same error (one issue). */
function fleetEvents(run: string) {
  const t = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  return Array.from({ length: 8 }, (_, i) => {
    const job = `${run}-job-${i}`;
    const agent = `${run}-agent-${i % 4}`;
    const end =
      i < 5
        ? { id: `${job}-c`, type: "job.completed", time: t(10 - i), job, data: { cost_usd: 0.25 } }
        : {
            id: `${job}-f`,
            type: "job.failed",
            time: t(10 - i),
            job,
            data: { error: { message: `Error: ${run} lost its database connection` } },
          };
    const start = {
      id: `${job}-s`,
      type: "job.started",
      time: t(12 - i),
      job,
      agent,
      data: { title: `Task ${i}`, harness: "codex", model: "gpt-5-codex" },
    };
    return [start, end];
  });
}

test("two instances on one database: duplicate ingest, triage from both, identical answers, background work once", async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(String(req.headers["fleetwatch-event"]));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const hook = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
  const b = await startSecondInstance();
  const instances = [baseURL, b.url];
  try {
    const run = `twin-${randomUUID().slice(0, 6)}`;
    const key = await freshProject(page, run);
    const auth = { authorization: `Bearer ${key}` };
    const get = (api: APIRequestContext, base: string, p: string) =>
      api.get(`${base}${p}`, { headers: auth }).then(async (r) => {
        expect(r.status(), `${base}${p}`).toBe(200);
        return r.text();
      });

    // a webhook destination and a "new issue" rule, as the alerts journey makes them
    const dest = new DestinationsPage(page);
    await dest.goto();
    await dest.add("twin hook", "webhook", { "dest-url": hook });
    await dest.takeSecret(); // shown once the destination is stored
    await page.goto("/settings/alerts");
    await page.getByTestId("rule-new").click();
    await page.getByTestId("rule-name").fill("Twin new issue");
    await page.getByTestId("rule-kind").selectOption("issue_new");
    await page.getByTestId("target-destinations").check();
    await page
      .getByTestId("rule-destinations")
      .getByLabel(/twin hook/)
      .check();
    await page.getByTestId("rule-save").click();
    await expect(page.getByTestId("rule-row").filter({ hasText: "Twin new issue" })).toBeVisible();

    // every job's events to both instances at once, twice each: 4 deliveries of each event
    const batches = fleetEvents(run);
    await Promise.all(
      batches.flatMap((events) =>
        [...instances, ...instances].map(async (base) => {
          const res = await request.post(`${base}/api/v1/events`, { headers: auth, data: { events } });
          expect(res.status()).toBeLessThan(300);
        }),
      ),
    );

    // both show the 8 jobs (once projected), and the same list
    const jobsPath = `/api/v1/jobs?range=24h`;
    for (const base of instances) {
      await expect
        .poll(async () => JSON.parse(await get(request, base, jobsPath)).total, { timeout: 30_000 })
        .toBe(8);
    }
    const [jobsA, jobsB] = await Promise.all(instances.map((base) => get(request, base, jobsPath)));
    expect(JSON.parse(jobsA as string).jobs).toHaveLength(8);
    expect(jobsB).toBe(jobsA);

    // one issue (3 failures of one error); triage from both at once: a note on each, resolve on A
    const issues = JSON.parse(await get(request, baseURL, "/api/v1/issues?range=24h")).issues as {
      id: string;
    }[];
    expect(issues).toHaveLength(1);
    const issueId = (issues[0] as { id: string }).id;
    const triage = (base: string, body: object) =>
      page.request.post(`${base}/api/v1/issues/${issueId}/triage`, { headers: { origin: base }, data: body });
    const answers = await Promise.all([
      triage(baseURL, { action: "note", text: "seen from A" }),
      triage(b.url, { action: "note", text: "seen from B" }),
      triage(baseURL, { action: "resolve" }),
    ]);
    for (const a of answers) expect(a.status()).toBe(200);
    const [issueA, issueB] = await Promise.all(
      instances.map((base) => get(request, base, `/api/v1/issues/${issueId}`)),
    );
    expect(issueB).toBe(issueA);
    expect(issueA).toContain("seen from A");
    expect(issueA).toContain("seen from B");
    expect(JSON.parse(issueA as string).state).toBe("resolved");

    const [metricsA, metricsB] = await Promise.all(
      instances.map((base) => get(request, base, "/api/metrics")),
    );
    expect(metricsB).toBe(metricsA);

    // background work once: both evaluate alerts every 3 s and deliver every 5 s; after the first trigger arrives,
    // 12 s more (4 evaluations and 2 delivery passes in each instance) bring no second one
    await expect
      .poll(() => received.filter((e) => e === "alert.trigger").length, { timeout: 45_000 })
      .toBe(1);
    await page.waitForTimeout(12_000);
    expect(received.filter((e) => e === "alert.trigger")).toHaveLength(1);
    const incidents = JSON.parse(await get(request, b.url, "/api/v1/incidents")).incidents as unknown[];
    expect(incidents).toHaveLength(1);
  } finally {
    b.child.kill("SIGTERM");
    receiver.close();
  }
});
