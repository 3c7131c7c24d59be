// Ingests the runs of tests/helpers/runs-specs.ts for the integration tests.
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { eventsOf, type Spec } from "./runs-specs";

export { NOW, ORPHAN, RUN_A, RUN_B, RUN_C } from "./runs-specs";

export async function ingest(handle: DbHandle, projectId: string, specs: Spec[]) {
  const r = await ingestBatch({
    db: handle.db,
    projectId,
    apiKeyId: null,
    rawEvents: specs.flatMap((s) => eventsOf(s)),
  });
  if (r.rejected) throw new Error(`${r.rejected} fixture events were rejected`);
}
