// The export reads keyset pages of (time, id): every event of the range once, in order, however pages fall,
// including many events of one instant split across pages.
import { PassThrough } from "node:stream";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { exportEvents } from "@/lib/export/events";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

async function exportAll(projectId: string, from: string, to: string, pageSize: number) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const stats = await exportEvents({
    db: handle.db,
    projectId,
    from: new Date(from),
    to: new Date(to),
    out,
    pageSize,
  });
  const text = gunzipSync(Buffer.concat(chunks)).toString("utf8");
  return {
    stats,
    ids: text
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id),
  };
}

describe("export pages", () => {
  it("writes each event of the range once, in (time, id) order, across pages that split one instant", async () => {
    const p = await createTestProject(handle);
    const other = await createTestProject(handle);
    // 10 events at 10:00:00.000 (ids e00..e09 given in reverse), 3 at 10:00:00.001, 1 at 09:59:59.999 (before
    // the range) and 1 at 10:00:01 (the range's end, excluded); another project's events at the same instants.
    const ev = (id: string, time: string) => ({
      id,
      type: "job.log",
      time,
      job: "j",
      data: { level: "info", message: id },
    });
    const same = Array.from({ length: 10 }, (_, i) => ev(`e0${9 - i}`, "2026-11-19T10:00:00.000Z"));
    const later = ["f2", "f0", "f1"].map((id) => ev(id, "2026-11-19T10:00:00.001Z"));
    const edges = [ev("before", "2026-11-19T09:59:59.999Z"), ev("end", "2026-11-19T10:00:01Z")];
    for (const [project, events] of [
      [p, [...same, ...later, ...edges]],
      [other, same],
    ] as const) {
      const r = await ingestBatch({
        db: handle.db,
        projectId: project.id,
        apiKeyId: null,
        rawEvents: [...events],
      });
      expect(r.rejected).toBe(0);
    }
    const expected = ["e00", "e01", "e02", "e03", "e04", "e05", "e06", "e07", "e08", "e09", "f0", "f1", "f2"];
    for (const pageSize of [1, 3, 10, 13, 1000]) {
      const { stats, ids } = await exportAll(p.id, "2026-11-19T10:00:00Z", "2026-11-19T10:00:01Z", pageSize);
      expect(ids, `pages of ${pageSize}`).toEqual(expected);
      expect(stats.events).toBe(13);
    }
  });

  it("writes a valid empty gzip for a range without events", async () => {
    const p = await createTestProject(handle);
    const { stats, ids } = await exportAll(p.id, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 10);
    expect(ids).toEqual([]);
    expect(stats.events).toBe(0);
    expect(stats.bytes).toBeGreaterThan(0); // the gzip header and trailer
  });
});
