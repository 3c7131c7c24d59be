// Reading what an OTLP export became (tests/integration/otlp*.test.ts): a project's job by its external id once
// the projector has folded what was posted, its transcript entries, and their kinds counted.
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { job, transcriptEntry } from "@/db/schema";
import { projected } from "./projections";

export function otlpReaders(ctx: () => { handle: DbHandle; projectId: string }) {
  async function jobRow(externalId: string) {
    const { handle, projectId } = ctx();
    await projected(handle.db, projectId); // (exporters post without a helper that waits)
    const [row] = await handle.db
      .select()
      .from(job)
      .where(and(eq(job.projectId, projectId), eq(job.externalId, externalId)));
    return row;
  }
  async function entries(externalId: string) {
    const row = await jobRow(externalId);
    if (!row) return [];
    return ctx().handle.db.select().from(transcriptEntry).where(eq(transcriptEntry.jobId, row.id));
  }
  return { jobRow, entries };
}

export function kinds(rows: { kind: string }[]) {
  const count: Record<string, number> = {};
  for (const r of rows) count[r.kind] = (count[r.kind] ?? 0) + 1;
  return count;
}
