// The live ingest routes acknowledge at the append and project moments later (lib/ingest/projector.ts): a test
// that reads projections after posting waits for them, as a runner's read with ?consistent=true does.
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { waitForProjections } from "@/lib/ingest/projector";

/** Waits until every event of the project acknowledged so far is projected (fails the test after 10 s). */
export async function projected(db: Db, projectId: string): Promise<void> {
  expect(await waitForProjections(db, projectId, 10_000)).toBe(true);
}
