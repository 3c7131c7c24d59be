// GET /api/metrics: fleet gauges and counters in the Prometheus text format, on the hand-written fleet.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { appendEvents } from "@/lib/ingest/append";
import { drainProjections } from "@/lib/ingest/projector";
import type { Family } from "@/lib/metrics/format";
import { collectMetrics } from "@/lib/metrics/queries";
import { createTestProject, openTestDb } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";
import { NOW, seedFleet } from "./models-fleet";

const value = (families: Family[], name: string, labels: Record<string, string>) => {
  const f = families.find((x) => x.name === name);
  const s = f?.samples.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value;
};

describe("metrics", () => {
  let handle: DbHandle;
  let families: Family[];
  let slug: string;
  beforeAll(async () => {
    handle = await openTestDb();
    const p = await createTestProject(handle);
    slug = p.slug;
    await seedFleet(handle, p.id);
    families = await collectMetrics({ db: handle.db, projectId: p.id, now: NOW });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("counts jobs by outcome and state, and failures by class", () => {
    const v = (name: string, labels: Record<string, string>) =>
      value(families, name, { project: slug, ...labels });
    // in the range 33 ok, 13 failed, 1 cancelled, 1 running; before it 2 ok and 1 failed; 1 job only queued
    expect(v("fleetwatch_jobs_finished_total", { status: "succeeded" })).toBe(35);
    expect(v("fleetwatch_jobs_finished_total", { status: "failed" })).toBe(14);
    expect(v("fleetwatch_jobs_finished_total", { status: "cancelled" })).toBe(1);
    expect(v("fleetwatch_jobs_in_progress", { status: "running" })).toBe(1);
    expect(v("fleetwatch_jobs_in_progress", { status: "queued" })).toBe(1);
    expect(v("fleetwatch_jobs_stalled", {})).toBe(1);
    expect(v("fleetwatch_job_failures", { failure_class: "rate_limit" })).toBe(5);
    expect(v("fleetwatch_job_failures", { failure_class: "max_turns" })).toBe(9);
    expect(v("fleetwatch_job_failures", { failure_class: "timeout" })).toBe(0); // every class, 0 when none
  });

  it("sums spend and tokens by model, and counts agents and issues", () => {
    const v = (name: string, labels: Record<string, string>) =>
      value(families, name, { project: slug, ...labels });
    // alpha: 15 jobs x $0.50 (12 + ada's 3 earlier) + 10 x $0.40
    expect(v("fleetwatch_spend_usd_total", { model: "m-alpha" })).toBeCloseTo(11.5, 8);
    expect(v("fleetwatch_spend_usd_total", { model: "m-beta" })).toBeCloseTo(3.2, 8);
    // 25 alpha jobs x 1000 input tokens
    expect(v("fleetwatch_tokens_total", { model: "m-alpha", kind: "input" })).toBe(25_000);
    expect(v("fleetwatch_unpriced_usage_events", {})).toBe(0);
    // ada..eve idle 5 minutes ago; fay 2 hours (offline); gus 10 days (not counted)
    expect(v("fleetwatch_agents", { status: "idle" })).toBe(5);
    expect(v("fleetwatch_agents", { status: "offline" })).toBe(1);
    expect(v("fleetwatch_agents", { status: "busy" })).toBe(0);
    expect(v("fleetwatch_issues", { state: "new" })).toBe(2);
    expect(v("fleetwatch_issues", { state: "resolved" })).toBe(0);
  });
});

describe("GET /api/metrics", () => {
  let handle: DbHandle;
  let slug: string;
  let readKey: string;
  let ingestKey: string;
  beforeAll(async () => {
    handle = await getDbHandle();
    const p = await createTestProject(handle);
    slug = p.slug;
    await seedFleet(handle, p.id);
    readKey = (await createApiKey({ db: handle.db, projectId: p.id, name: "read", scopes: ["read"] })).key;
    ingestKey = (await createApiKey({ db: handle.db, projectId: p.id, name: "in", scopes: ["ingest"] })).key;
  });
  afterAll(async () => {
    await handle.close();
  });

  const get = (headers: Record<string, string>) =>
    metricsRoute(new Request("http://fleetwatch.test/api/metrics", { headers }), {
      params: Promise.resolve({}),
    });

  it("serves the text format to a read key", async () => {
    const res = await get({ authorization: `Bearer ${readKey}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    expect(text).toContain("# TYPE fleetwatch_jobs_finished_total counter");
    expect(text).toContain(`fleetwatch_jobs_finished_total{project="${slug}",status="succeeded"} 35`);
    expect(text).toContain(`fleetwatch_spend_usd_total{project="${slug}",model="m-gamma"} 4`);
  });

  it("refuses without a key, and with an ingest-only key", async () => {
    expect((await get({})).status).toBe(401);
    const res = await get({ authorization: `Bearer ${ingestKey}` });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});

describe("projection lag in /api/metrics", () => {
  it("counts events acknowledged but not projected, the oldest one's wait, and the ones set aside", async () => {
    // a database of its own: no projector of another test file folds these events while we look
    const { handle } = await openFreshDb("metrics_lag");
    try {
      const p = await createTestProject(handle);
      const at = new Date(Date.now() - 60_000);
      const events = ["a", "b", "c"].map((id) => ({
        id,
        type: "job.log" as const,
        time: at,
        job: "j1",
        data: { level: "info", message: id },
      }));
      await appendEvents(handle.db, [{ projectId: p.id, apiKeyId: null, events, live: true }]);
      // one of them set aside by a refusal, as the projector records it, and the others waiting 30 s
      await handle.db.execute(
        sql`update event_pending set failed_at = now(), error = 'refused' where project_id = ${p.id} and event_id = 'c'`,
      );
      await handle.db.execute(
        sql`update event_pending set enqueued_at = now() - interval '30 seconds' where project_id = ${p.id}`,
      );
      const families = await collectMetrics({ db: handle.db, projectId: p.id });
      const v = (name: string) => value(families, name, { project: p.slug });
      expect(v("fleetwatch_projection_pending_events")).toBe(2);
      expect(v("fleetwatch_projection_lag_seconds")).toBeGreaterThanOrEqual(30);
      expect(v("fleetwatch_projection_lag_seconds")).toBeLessThan(40);
      expect(v("fleetwatch_projection_failed_events")).toBe(1);
      // projected: nothing waits
      await drainProjections(handle.db, { projectId: p.id });
      const after = await collectMetrics({ db: handle.db, projectId: p.id });
      expect(value(after, "fleetwatch_projection_pending_events", { project: p.slug })).toBe(0);
      expect(value(after, "fleetwatch_projection_lag_seconds", { project: p.slug })).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
