// Standups built from a fixture day whose expected content is written out below by hand:
// the fleet in five lines, each agent's sections (a regressed issue, a stalled job, a permission wait, a
// repeated failure, a carried open issue), a quiet agent, and the day boundary in America/Los_Angeles.
// Spec change (issue 19, point 15): artifacts are compact ("PR #412 · commit abc1234", never their titles),
// and Blocked means blocked: a carried open issue is listed under "Still open", no longer as a blocker.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { failureIssue, job } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { DAY, GIT, loadFixtureDay, NEXT_MORNING, OOM, RATE, TS } from "@/lib/standups/fixture.test-helper";
import { escapeMarkdown } from "@/lib/standups/markdown";
import { getAgentStandups, getStandup } from "@/lib/standups/queries";
import { createTestProject, openTestDb } from "../helpers/db";

const BASE = "https://fw.example";
/** The 14th in Los Angeles, as the jobs list's custom range. */
const DAY_RANGE = "range=custom&from=2025-01-14T08%3A00%3A00.000Z&to=2025-01-15T08%3A00%3A00.000Z";

describe("standups", () => {
  let handle: DbHandle;
  let projectId: string;
  let slug: string;
  const ids: Record<string, string> = {};
  const issues: Record<string, { id: string; title: string }> = {};

  beforeAll(async () => {
    handle = await openTestDb();
    const p = await createTestProject(handle);
    projectId = p.id;
    slug = p.slug;
    await loadFixtureDay(handle.db, projectId);
    for (const j of await handle.db.select().from(job).where(eq(job.projectId, projectId))) {
      ids[j.externalId] = j.id;
    }
    const all = await handle.db.select().from(failureIssue).where(eq(failureIssue.projectId, projectId));
    for (const [key, message] of Object.entries({ rate: RATE("a1"), oom: OOM, git: GIT, ts: TS })) {
      const i = all.find((x) => x.sampleMessage === message);
      if (!i) throw new Error(`no issue for ${key}`);
      issues[key] = { id: i.id, title: i.title };
    }
  });
  afterAll(async () => {
    await handle.close();
  });

  const standup = (agent: string | null = null, date = DAY) =>
    getStandup({ db: handle.db, projectId, date, agent, now: NEXT_MORNING, baseUrl: BASE });
  const jobUrl = (ext: string) => `${BASE}/jobs/${ids[ext]}`;
  const issue = (key: string) =>
    `[${escapeMarkdown(issues[key]?.title ?? "")}](${BASE}/failures/${issues[key]?.id})`;

  it("writes the fleet standup of the day", async () => {
    const { markdown, standup: s } = await standup();
    expect(markdown).toBe(`# Standup: ${escapeMarkdown(slug)}, Tuesday, January 14, 2025

_Day in America/Los\\_Angeles time, built by Fleetwatch from the jobs and issues of project ${escapeMarkdown(slug)}._

- [8 jobs finished](${BASE}/jobs?${DAY_RANGE}) by 3 agents: 2 succeeded, 5 failed, 1 cancelled
- [Success rate 29%](${BASE}/jobs?status=failed&${DAY_RANGE}) (2 of 7 jobs that succeeded or failed)
- Spend [$0.40 on 1.8k tokens](${BASE}/costs?${DAY_RANGE}) (1.5k in, 300 out), 300% above the 7-day average ($0.10 a day); $0.20 per successful job
- Top failure classes: [rate\\_limit (3)](${BASE}/failures?class=rate_limit), [build\\_error (1)](${BASE}/failures?class=build_error), [infra (1)](${BASE}/failures?class=infra)
- 2 new issues: ${issue("rate")}, ${issue("ts")}; 1 regressed: ${issue("oom")} — **new, regressed**

## scout — 2 done · 3 failed · 1 blocked · $0.40 · 1 queued

**Done**
- [Fix flaky cart total test](${jobUrl("s1")}) — [PR #412](https://github.com/acme/shop/pull/412) · [commit abc1234](https://github.com/acme/shop/commit/abc1234def5678)
- [Bump lodash](${jobUrl("s2")})

**Problems**
- ${issue("rate")} (rate\\_limit) — 3 failures: [12:00](${jobUrl("s-r3")}), [11:00](${jobUrl("s-r2")}), [10:00](${jobUrl("s-r1")}) — **new**

**Blocked**
- Failing repeatedly: ${issue("rate")} — the same failure 3 times this day, last at 12:00 — **repeated**

**Spend**
- [$0.40 on 1.8k tokens](${BASE}/jobs?agent=scout&${DAY_RANGE}) (1.5k in, 300 out), 300% above the 7-day average ($0.10 a day)
- [$0.20 per successful job](${BASE}/jobs?agent=scout&${DAY_RANGE}) (2 jobs succeeded)

**Next**
- [Refactor checkout](${jobUrl("s3")}) (queued 16:00)

## builder — 1 failed · 1 blocked

**Done**
- [1 job cancelled](${BASE}/jobs?agent=builder&status=cancelled&${DAY_RANGE})

**Problems**
- ${issue("oom")} (infra) — [Deploy staging](${jobUrl("b1")}) (14:00) — **regressed**

**Blocked**
- Stalled: [Migrate database](${jobUrl("b2")}) — still running, no event since 15:05 — **stalled**

**Still open**
- ${issue("git")} (git\\_error, new, unassigned) — last hit Jan 12 10:00

## newbie — 1 failed

**Problems**
- ${issue("ts")} (build\\_error) — [Add invoice export](${jobUrl("n1")}) (13:00) — **new**

## planner — 1 blocked

**Blocked**
- [Waiting for permission since 23:50](${BASE}/jobs?agent=planner&${DAY_RANGE}) — its last heartbeat says “waiting” — **waiting**

## reviewer — 1 blocked

**Blocked**
- Waiting for permission: [Review PR 415](${jobUrl("r1")}) since 16:05 — “Claude needs your permission to use Bash” — **waiting**

**Quiet:** idle-bot (nothing to report)
`);
    // the structure carries the same links, relative
    const scout = s.agents.find((a) => a.agent === "scout");
    expect(scout?.sections.map((x) => x.key)).toEqual(["done", "problems", "blocked", "spend", "next"]);
    const builder = s.agents.find((a) => a.agent === "builder");
    expect(builder?.sections.map((x) => x.key)).toEqual(["done", "problems", "blocked", "open"]);
    expect(scout?.sections[0]?.lines[0]?.segments[0]).toEqual({
      text: "Fix flaky cart total test",
      href: `/jobs/${ids.s1}`,
    });
    expect(s.quiet).toEqual(["idle-bot"]);
  });

  it("puts a job that ended at 07:30 UTC on the previous local day", async () => {
    const { standup: s } = await standup("scout", "2025-01-13");
    const done = s.agents[0]?.sections.find((x) => x.key === "done");
    expect(done?.lines.map((l) => l.text)).toEqual(["Late job of the 13th"]);
    expect(s.summary.map((l) => l.text)).toEqual([
      "1 job finished: 1 succeeded",
      "Success rate 100% (1 of 1 job that succeeded or failed)",
    ]);
  });

  it("reports an agent with nothing to report as quiet, in one line", async () => {
    const { standup: s, markdown } = await standup("idle-bot");
    expect(s.agents).toEqual([]);
    expect(s.quiet).toEqual(["idle-bot"]);
    expect(markdown.split("\n").filter((l) => l.startsWith("**Quiet:**"))).toEqual([
      "**Quiet:** idle-bot (nothing to report)",
    ]);
    expect(s.summary).toEqual([]);
  });

  it("narrows the standup to one agent, summary included", async () => {
    const { standup: s } = await standup("scout");
    expect(s.agents.map((a) => a.agent)).toEqual(["scout"]);
    expect(s.summary.map((l) => l.text)).toEqual([
      "5 jobs finished: 2 succeeded, 3 failed",
      "Success rate 40% (2 of 5 jobs that succeeded or failed)",
      "Spend $0.40 on 1.8k tokens (1.5k in, 300 out), 300% above the 7-day average ($0.10 a day); $0.20 per successful job",
      "Top failure classes: rate_limit (3)",
      `1 new issue: ${issues.rate?.title}`,
    ]);
  });

  it("bounds long lists, and does not take a permission error for a permission request", async () => {
    const other = await createTestProject(handle);
    const words = [
      "alpha",
      "bravo",
      "charlie",
      "delta",
      "echo",
      "foxtrot",
      "golf",
      "hotel",
      "india",
      "juliet",
    ];
    const t = (m: number) => new Date(Date.UTC(2025, 0, 14, 18, m)).toISOString();
    await ingestBatch({
      db: handle.db,
      projectId: other.id,
      apiKeyId: null,
      rawEvents: [
        ...Array.from({ length: 17 }, (_, i) => [
          {
            id: `ok${i}-s`,
            type: "job.started",
            time: t(i),
            job: `ok${i}`,
            agent: "busy",
            data: { title: `Task ${i}`, harness: "h" },
          },
          { id: `ok${i}-c`, type: "job.completed", time: t(i + 1), job: `ok${i}`, data: {} },
        ]).flat(),
        ...words.flatMap((w, i) => [
          {
            id: `ko${i}-s`,
            type: "job.started",
            time: t(30 + i),
            job: `ko${i}`,
            agent: "busy",
            data: { title: `Step ${w}`, harness: "h" },
          },
          {
            id: `ko${i}-f`,
            type: "job.failed",
            time: t(31 + i),
            job: `ko${i}`,
            data: { error: { message: `The ${w} stage broke` } },
          },
        ]),
        {
          id: "p-s",
          type: "job.started",
          time: t(50),
          job: "p",
          agent: "busy",
          data: { title: "Read secrets", harness: "h" },
        },
        {
          id: "p-l",
          type: "job.log",
          time: t(51),
          job: "p",
          data: { level: "error", message: "EACCES: permission denied, open '/etc/shadow'" },
        },
      ],
    });
    const { standup: s } = await getStandup({
      db: handle.db,
      projectId: other.id,
      date: DAY,
      now: NEXT_MORNING,
    });
    const busy = s.agents[0];
    const lines = (key: string) => busy?.sections.find((x) => x.key === key)?.lines.map((l) => l.text) ?? [];
    expect(lines("done")).toHaveLength(16);
    expect(lines("done").at(-1)).toBe("and 2 more succeeded");
    expect(lines("problems")).toHaveLength(9);
    expect(lines("problems").at(-1)).toBe("and 2 other kinds of failure");
    expect(lines("blocked")).toEqual(["Stalled: Read secrets — still running, no event since 18:51"]);
  });

  it("finds a permission request of a job that began days before (transcript partitions of those days)", async () => {
    // permissionWaits reads transcript_entry from the first event of the oldest running job on: "old" began two
    // days before DAY and has waited since the day before; "new" began and asked on DAY itself.
    const other = await createTestProject(handle);
    const ask = "Claude needs your permission to use Bash";
    const ev = (id: string, type: string, time: string, jobId: string, data: object) => ({
      id,
      type,
      time,
      job: jobId,
      agent: "waiter",
      data,
    });
    await ingestBatch({
      db: handle.db,
      projectId: other.id,
      apiKeyId: null,
      rawEvents: [
        ev("o-s", "job.started", "2025-01-12T10:00:00Z", "old", {
          title: "Migrate the ledger",
          harness: "h",
        }),
        ev("o-l", "job.log", "2025-01-13T09:00:00Z", "old", { level: "info", message: ask }),
        ev("n-s", "job.started", "2025-01-14T15:00:00Z", "new", { title: "Rotate keys", harness: "h" }),
        ev("n-l", "job.log", "2025-01-14T15:30:00Z", "new", { level: "info", message: ask }),
      ],
    });
    const { standup: s } = await getStandup({
      db: handle.db,
      projectId: other.id,
      date: DAY,
      now: NEXT_MORNING,
    });
    const waiter = s.agents.find((a) => a.agent === "waiter");
    // by hand: the oldest wait first (ordered by the entry's time), the one of another day with its date
    expect(waiter?.sections.find((x) => x.key === "blocked")?.lines.map((l) => l.text)).toEqual([
      `Waiting for permission: Migrate the ledger since Jan 13 09:00 — “${ask}”`,
      `Waiting for permission: Rotate keys since 15:30 — “${ask}”`,
    ]);
  });

  it("rejects a day that has not begun, and an unknown agent", async () => {
    await expect(standup(null, "2025-01-16")).rejects.toMatchObject({ status: 400 });
    await expect(standup("nobody")).rejects.toMatchObject({ status: 404 });
  });

  it("lists an agent's last seven days, newest first", async () => {
    const days = await getAgentStandups({ db: handle.db, projectId, agent: "scout", now: NEXT_MORNING });
    expect(days.map((d) => [d.day, d.standup.headline])).toEqual([
      // The 15th: the rate-limit issue is still open but was not hit that day, so scout is not blocked.
      ["2025-01-15", "1 queued"],
      ["2025-01-14", "2 done · 3 failed · 1 blocked · $0.40 · 1 queued"],
      ["2025-01-13", "1 done"],
      ["2025-01-12", "Nothing to report"],
      ["2025-01-11", "1 done · $0.70"],
      ["2025-01-10", "Nothing to report"],
      ["2025-01-09", "Nothing to report"],
    ]);
  });
});
