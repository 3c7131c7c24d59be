// The simulated fleet through the real write path (validation, redaction, projections) on PostgreSQL.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { job } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "@/tests/helpers/db";
import { FleetStream } from "./fleet";
import { Redeliverer } from "./sender";
import type { WireEvent } from "./types";

const NOW = Date.parse("2026-11-20T15:10:00Z");

describe("a simulated fleet ingested by the write path", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("is accepted whole, duplicates are acknowledged, and the jobs end as generated", async () => {
    const p = await createTestProject(handle);
    const stream = new FleetStream({ agents: 10, days: 1, jobsPerDay: 60, seed: 11, now: NOW });
    const redeliver = new Redeliverer(11, 0.03, 300);
    const totals = { accepted: 0, duplicates: 0, rejected: 0 };
    let batch: WireEvent[] = [];
    const send = async () => {
      const r = await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: batch });
      totals.accepted += r.accepted;
      totals.duplicates += r.duplicates;
      totals.rejected += r.rejected;
      batch = [];
    };
    for (const e of stream.until(NOW)) {
      batch.push(...redeliver.push(e));
      if (batch.length >= 400) await send();
    }
    batch.push(...redeliver.drain());
    await send();

    const s = stream.stats;
    expect(totals).toEqual({ accepted: s.events, duplicates: redeliver.duplicates, rejected: 0 });
    const rows = await handle.db
      .select({ status: job.status, n: sql<number>`count(*)::int` })
      .from(job)
      .where(eq(job.projectId, p.id))
      .groupBy(job.status);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(byStatus).toEqual({
      succeeded: s.succeeded,
      failed: s.failed,
      ...(s.cancelled ? { cancelled: s.cancelled } : {}),
      ...(s.queuedOnly ? { queued: s.queuedOnly } : {}),
      running: s.jobs - s.succeeded - s.failed - s.cancelled,
    });
    const [sub] = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(job)
      .where(
        and(
          eq(job.projectId, p.id),
          sql`${job.parentExternalId} is not null and ${job.trigger} = 'subagent'`,
        ),
      );
    expect(sub?.n).toBe(s.subagentJobs);
  });
});
