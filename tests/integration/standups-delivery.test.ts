// Standup delivery to a real HTTP receiver (node:http) that checks every signature: one delivery per
// scheduled run even with two app instances (two pools) ticking at once, retries with backoff on 5xx and
// 429, no retry on other 4xx, bounded attempts on network errors, and the settings page's test send.
// The receiver listens on loopback, which outbound requests refuse unless FLEETWATCH_WEBHOOK_ALLOW_PRIVATE
// is on (webhook-ssrf.test.ts covers the refusal).
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { project, standupRun, webhookDelivery } from "@/db/schema";
import type { RetryPolicy } from "@/lib/standups/deliver";
import { loadFixtureDay, NEXT_MORNING } from "@/lib/standups/fixture.test-helper";
import { runStandupSchedule, sendTestStandup } from "@/lib/standups/schedule";
import { createWebhook } from "@/lib/standups/webhooks";
import { createTestProject, openTestDb } from "../helpers/db";

vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "1";
});

type Received = { headers: IncomingHttpHeaders; body: string; signed: boolean };
type Reply = { status: number; headers?: Record<string, string> };

/** A webhook receiver on a free port; `reply` decides each response (by 1-based request number). */
async function receiver(secret: () => string, reply: (n: number) => Reply = () => ({ status: 200 })) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const sig = String(req.headers["fleetwatch-signature"] ?? "");
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
      const expected = m ? createHmac("sha256", secret()).update(`${m[1]}.${body}`).digest("hex") : "";
      const fresh = m ? Math.abs(Date.now() / 1000 - Number(m[1])) < 300 : false;
      got.push({ headers: req.headers, body, signed: !!m && m[2] === expected && fresh });
      const r = reply(got.length);
      res.writeHead(r.status, r.headers).end(r.status < 300 ? "ok" : "try later");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const FAST: RetryPolicy = { delaysMs: [10, 20, 40], timeoutMs: 5_000, maxRetryAfterMs: 1_000 };

async function setUp(handle: DbHandle, url: string) {
  const p = await createTestProject(handle);
  await loadFixtureDay(handle.db, p.id); // America/Los_Angeles
  await handle.db.update(project).set({ standupTime: "09:00" }).where(eq(project.id, p.id));
  const hook = await createWebhook({ db: handle.db, projectId: p.id, input: { name: "team", url } });
  return { projectId: p.id, ...hook };
}

const deliveries = (handle: DbHandle, projectId: string) =>
  handle.db.select().from(webhookDelivery).where(eq(webhookDelivery.projectId, projectId));

describe("scheduled standup with two app instances (postgres)", () => {
  let a: DbHandle;
  let b: DbHandle;
  beforeAll(async () => {
    a = await openTestDb();
    b = await openTestDb();
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it("sends exactly one signed delivery per project and day", async () => {
    let secret = "";
    const hook = await receiver(() => secret);
    const { projectId, secret: s } = await setUp(a, hook.url);
    secret = s;
    const tick = (now: Date) =>
      Promise.all([
        runStandupSchedule({ db: a.db, now, instanceId: "instance-a", policy: FAST }),
        runStandupSchedule({ db: b.db, now, instanceId: "instance-b", policy: FAST }),
      ]);

    // 08:59 local on the 15th: not yet
    await tick(new Date("2025-01-15T16:59:00Z"));
    expect(hook.got).toHaveLength(0);

    // 09:00: both instances tick at once, one sends the 14th
    const [ra, rb] = await tick(NEXT_MORNING);
    const mine = [...ra, ...rb].filter((r) => r.projectId === projectId);
    expect(mine.map((r) => [r.day, r.status])).toEqual([["2025-01-14", "sent"]]);
    expect(hook.got).toHaveLength(1);
    const [req] = hook.got;
    expect(req?.signed).toBe(true);
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["fleetwatch-event"]).toBe("standup");
    const body = JSON.parse(req?.body ?? "{}");
    expect(body.text.split("\n")[0]).toMatch(/^# Standup: t-[0-9a-f-]+, Tuesday, January 14, 2025$/);
    expect(body.text).toContain("## scout — 2 done · 3 failed · 1 blocked · $0.40 · 1 queued");
    // The delivered copy shows artifacts as compactly as the page: the job's title once, then PR and commit.
    expect(body.text).toMatch(
      /\n- \[Fix flaky cart total test\]\(\/jobs\/[0-9a-f-]{36}\) — \[PR #412\]\(https:\/\/github\.com\/acme\/shop\/pull\/412\) · \[commit abc1234\]\(https:\/\/github\.com\/acme\/shop\/commit\/abc1234def5678\)\n/,
    );
    expect(body.text.split("Fix flaky cart total test")).toHaveLength(2);
    expect(body.fleetwatch).toMatchObject({ type: "standup", test: false, day: "2025-01-14" });
    expect(body.fleetwatch.standup.agents.map((x: { agent: string }) => x.agent)).toEqual([
      "scout",
      "builder",
      "newbie",
      "planner",
      "reviewer",
    ]);

    // later ticks the same day send nothing more
    await tick(new Date("2025-01-15T18:00:00Z"));
    expect(hook.got).toHaveLength(1);
    const [run] = await a.db.select().from(standupRun).where(eq(standupRun.projectId, projectId));
    expect(run?.status).toBe("sent");
    expect(["instance-a", "instance-b"]).toContain(run?.claimedBy);
    expect((await deliveries(a, projectId)).map((d) => [d.kind, d.day, d.status, d.attempts])).toEqual([
      ["standup", "2025-01-14", "delivered", 1],
    ]);

    // the next morning: the 15th
    await tick(new Date("2025-01-16T17:30:00Z"));
    expect(hook.got).toHaveLength(2);
    expect(JSON.parse(hook.got[1]?.body ?? "{}").fleetwatch.day).toBe("2025-01-15");
    await hook.close();
  });
});

describe("standup delivery", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("retries 5xx and 429 with backoff (Retry-After honoured) until delivered", async () => {
    let secret = "";
    const replies: Reply[] = [
      { status: 503 },
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200 },
    ];
    const hook = await receiver(
      () => secret,
      (n) => replies[n - 1] ?? { status: 200 },
    );
    const { projectId, secret: s } = await setUp(handle, hook.url);
    secret = s;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const runs = await runStandupSchedule({
      db: handle.db,
      now: NEXT_MORNING,
      instanceId: "x",
      policy: FAST,
      sleep,
    });
    expect(runs.find((r) => r.projectId === projectId)?.status).toBe("sent");
    expect(waits).toEqual([10, 0]);
    expect(hook.got.map((g) => g.signed)).toEqual([true, true, true]);
    // one delivery id across the attempts, each attempt signed afresh
    expect(new Set(hook.got.map((g) => g.headers["fleetwatch-delivery"])).size).toBe(1);
    expect(
      (await deliveries(handle, projectId)).map((d) => [d.status, d.attempts, d.responseStatus]),
    ).toEqual([["delivered", 3, 200]]);
    await hook.close();
  });

  it("gives up at once on a 4xx, and after the last attempt on network errors", async () => {
    const hook = await receiver(
      () => "",
      () => ({ status: 404 }),
    );
    const { projectId } = await setUp(handle, hook.url);
    const dead = await createWebhook({
      db: handle.db,
      projectId,
      input: { name: "gone", url: "http://127.0.0.1:9/nothing-listens-here" },
    });
    const runs = await runStandupSchedule({
      db: handle.db,
      now: NEXT_MORNING,
      instanceId: "x",
      policy: FAST,
      sleep: async () => {},
    });
    expect(runs.find((r) => r.projectId === projectId)?.status).toBe("failed");
    expect(hook.got).toHaveLength(1);
    const rows = await deliveries(handle, projectId);
    expect(rows.find((d) => d.webhookId !== dead.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      responseStatus: 404,
    });
    const net = rows.find((d) => d.webhookId === dead.id);
    expect(net).toMatchObject({ status: "failed", attempts: 4, responseStatus: null });
    expect(net?.error).toMatch(/fetch failed|ECONNREFUSED/);
    const [run] = await handle.db
      .select()
      .from(standupRun)
      .where(and(eq(standupRun.projectId, projectId), eq(standupRun.day, "2025-01-14")));
    expect(run?.status).toBe("failed");
    await hook.close();
  });

  it("takes over a run whose instance died while sending, not one still in progress", async () => {
    let secret = "";
    const hook = await receiver(() => secret);
    const { projectId, secret: s } = await setUp(handle, hook.url);
    secret = s;
    // an instance claimed the 14th and died before finishing
    const claimedAt = new Date(NEXT_MORNING.getTime() - 5 * 60_000);
    await handle.db
      .insert(standupRun)
      .values({ projectId, day: "2025-01-14", claimedBy: "dead", claimedAt, status: "sending" });
    const tick = (minutesLater: number) =>
      runStandupSchedule({
        db: handle.db,
        now: new Date(NEXT_MORNING.getTime() + minutesLater * 60_000),
        instanceId: "survivor",
        policy: FAST,
      });
    await tick(0); // 5 minutes after the claim: maybe still sending
    expect(hook.got).toHaveLength(0);
    await tick(6); // 11 minutes: abandoned
    expect(hook.got).toHaveLength(1);
    const [run] = await handle.db.select().from(standupRun).where(eq(standupRun.projectId, projectId));
    expect([run?.claimedBy, run?.status]).toEqual(["survivor", "sent"]);
    await hook.close();
  });

  it("sends yesterday's standup marked as a test", async () => {
    let secret = "";
    const hook = await receiver(() => secret);
    const { projectId, id, secret: s } = await setUp(handle, hook.url);
    secret = s;
    const result = await sendTestStandup({ db: handle.db, projectId, webhookId: id, now: NEXT_MORNING });
    expect(result).toMatchObject({ status: "delivered", attempts: 1 });
    const body = JSON.parse(hook.got[0]?.body ?? "{}");
    expect(hook.got[0]?.signed).toBe(true);
    expect(hook.got[0]?.headers["fleetwatch-event"]).toBe("standup.test");
    expect(body.text.split("\n")[0]).toMatch(/^# \[Test\] Standup: t-[0-9a-f-]+, Tuesday, January 14, 2025$/);
    expect(body.fleetwatch).toMatchObject({ test: true, day: "2025-01-14" });
    expect((await deliveries(handle, projectId)).map((d) => d.kind)).toEqual(["test"]);
    await hook.close();
  });
});
