// A job's place in its run (parent, root, retry, step, trigger): from job.queued and job.started, the start's
// word winning, whatever the order and batching.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { job } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";

const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 9, 0, s)).toISOString();

describe("run facts", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  async function jobRow(projectId: string, externalId: string) {
    const [row] = await handle.db
      .select()
      .from(job)
      .where(and(eq(job.projectId, projectId), eq(job.externalId, externalId)));
    return row;
  }

  it("takes a job's run facts from its start over its queued event, in either order", async () => {
    const queued = {
      id: "rf-q",
      type: "job.queued",
      time: at(0),
      job: "rf",
      data: { trigger: "chat", step: "draft", parent_job: "boss", root_job: "run-1" },
    };
    const start = {
      id: "rf-s",
      type: "job.started",
      time: at(1),
      job: "rf",
      agent: "scout",
      data: {
        harness: "h",
        trigger: { kind: "cron", name: "nightly", schedule: "0 3 * * *", tz: "Europe/Paris", by: "ops" },
        step: "write",
        retry_of: "rf-0",
      },
    };
    // Worked out by hand: the start says trigger (cron, nightly, 0 3 * * *, Europe/Paris, ops), step "write"
    // and retry_of; it says no parent or root, so the queued event's "boss" and "run-1" stay.
    const expected = {
      trigger: "cron",
      triggerName: "nightly",
      triggerSchedule: "0 3 * * *",
      triggerTz: "Europe/Paris",
      triggerBy: "ops",
      step: "write",
      parentExternalId: "boss",
      rootExternalId: "run-1",
      retryOfExternalId: "rf-0",
    };
    for (const order of [[[queued], [start]], [[start], [queued]], [[queued, start]], [[start, queued]]]) {
      const p = await createTestProject(handle);
      for (const batch of order)
        await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: batch });
      expect(await jobRow(p.id, "rf")).toMatchObject(expected);
    }
  });
});
