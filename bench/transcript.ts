// `npm run bench:transcript`: a 10,000-entry job. Server time of the transcript API (first page and all
// pages) next to a bare SELECT of the same rows in the same run, and the browser's time to first entries
// and to the whole transcript (Chromium from the system).
import { and, asc, eq, sql } from "drizzle-orm";
import { chromium } from "playwright";
import { transcriptEntry } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { findJobId } from "@/lib/jobs/queries";
import { ensureProject } from "@/lib/projects/queries";
import { benchDatabase, median, startServer } from "./lib/server";

const N = 10_000;
const RUNS = 15;
const db = await benchDatabase("transcript");
const server = await startServer(db.url);
try {
  const project = await ensureProject({ db: db.handle.db, slug: "default" });
  const { key } = await createApiKey({
    db: db.handle.db,
    projectId: project.id,
    name: "bench",
    scopes: ["ingest", "read"],
  });
  const t0 = Date.now() - 86_400_000;
  const events: object[] = [
    {
      id: "s",
      type: "job.started",
      time: new Date(t0).toISOString(),
      job: "big",
      agent: "a",
      data: { harness: "claude-code", title: "Long session" },
    },
  ];
  for (let i = 1; i < N; i++) {
    const time = new Date(t0 + i * 1000).toISOString();
    events.push(
      i % 2
        ? {
            id: `e${i}`,
            type: "job.tool_call",
            time,
            seq: i,
            job: "big",
            data: { call_id: `c${i}`, tool: "Read", input: { file_path: `src/f${i}.ts` } },
          }
        : {
            id: `e${i}`,
            type: "job.tool_result",
            time,
            seq: i,
            job: "big",
            data: { call_id: `c${i - 1}`, output: "line of file content\n".repeat(20) },
          },
    );
  }
  for (let i = 0; i < events.length; i += 1000) {
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events: events.slice(i, i + 1000) }),
    });
    if (!res.ok) throw new Error(`ingest ${res.status}`);
  }
  const jobId = (await findJobId({ db: db.handle.db, projectId: project.id, id: "big" })) as string;
  const auth = { headers: { authorization: `Bearer ${key}` } };

  const timeIt = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      times.push(performance.now() - s);
    }
    return median(times);
  };
  const apiFirst = await timeIt(() =>
    fetch(`${server.url}/api/v1/jobs/${jobId}/transcript?limit=500`, auth).then((r) => r.json()),
  );
  const apiAll = await timeIt(async () => {
    let cursor = "";
    do {
      const page = (await (
        await fetch(
          `${server.url}/api/v1/jobs/${jobId}/transcript?limit=2000${cursor ? `&cursor=${cursor}` : ""}`,
          auth,
        )
      ).json()) as { next_cursor: string | null };
      cursor = page.next_cursor ?? "";
    } while (cursor);
  });
  const bare = (limit: number) =>
    db.handle.db
      .select()
      .from(transcriptEntry)
      .where(and(eq(transcriptEntry.projectId, project.id), eq(transcriptEntry.jobId, jobId)))
      .orderBy(
        asc(transcriptEntry.time),
        sql`${transcriptEntry.seq} nulls last`,
        asc(transcriptEntry.eventId),
      )
      .limit(limit);
  const selFirst = await timeIt(() => bare(500));
  const selAll = await timeIt(() => bare(N));

  // Browser: set up the admin, then open the job.
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = await browser.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByTestId("auth-name").fill("Bench");
  await page.getByTestId("auth-email").fill("bench@example.com");
  await page.getByTestId("auth-password").fill("bench-password");
  await page.getByTestId("auth-submit").click();
  await page.waitForURL(`${server.url}/`);
  const firstTimes: number[] = [];
  const fullTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await page.goto(`${server.url}/jobs/${jobId}`);
    await page.getByTestId("transcript-entry").first().waitFor();
    firstTimes.push(performance.now() - s);
    await page
      .getByText(`${N.toLocaleString("en-US")} entries`, { exact: true })
      .waitFor({ timeout: 60_000 });
    fullTimes.push(performance.now() - s);
  }
  await browser.close();

  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`transcript of ${N} entries (median of ${RUNS} runs; browser: median of 5 loads)`);
  console.log(
    `API first page (500)     : ${f(apiFirst)}   bare SELECT of the same rows: ${f(selFirst)}   ratio ${(apiFirst / selFirst).toFixed(1)}x`,
  );
  console.log(
    `API all pages (5 x 2000) : ${f(apiAll)}   bare SELECT of the same rows: ${f(selAll)}   ratio ${(apiAll / selAll).toFixed(1)}x`,
  );
  console.log(`browser: first entries   : ${f(median(firstTimes))} after navigation`);
  console.log(`browser: all ${N} loaded : ${f(median(fullTimes))} after navigation`);
} finally {
  await server.stop();
  await db.stop();
}
