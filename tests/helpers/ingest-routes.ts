// Posting to the live ingest routes the way a runner does (the route handlers themselves, an ingest key of a fresh
// project), for the tests of hostile input: POST /api/v1/events answered at the append, then its projections
// waited for; POST /api/v1/import of a session file.
import { and, eq } from "drizzle-orm";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { POST as postImport } from "@/app/api/v1/import/route";
import type { DbHandle } from "@/db/client";
import { job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { createTestProject } from "./db";
import { projected } from "./projections";

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const noParams = { params: Promise.resolve({}) };

/** A fresh project with an ingest key, and how to post events (then wait for their projections) or a file. */
export async function ingestProject(handle: DbHandle) {
  const p = await createTestProject(handle);
  const { key } = await createApiKey({ db: handle.db, projectId: p.id, name: "ingest", scopes: ["ingest"] });
  // answered at the append; the projections follow (read after they are done)
  const post = async (body: string) => {
    const res = await postEvents(
      new Request("http://fleetwatch.test/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      }),
      noParams,
    );
    await projected(handle.db, p.id);
    return res;
  };
  const postFile = (text: string) =>
    postImport(
      new Request("http://fleetwatch.test/api/v1/import", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ file_name: "session.jsonl", text }),
      }),
      noParams,
    );
  return { id: p.id, post, postFile };
}

/** A job's start as a runner sends it (agent "scout"). */
export const startedEvent = (jobId: string, time = minutesAgo(10)) => ({
  id: `${jobId}-s`,
  type: "job.started",
  time,
  job: jobId,
  agent: "scout",
  data: { harness: "claude-code", model: "claude-sonnet-4-5", title: `Job ${jobId}` },
});

/** The job row of `externalId` in the project. */
export async function jobRowOf(handle: DbHandle, projectId: string, externalId: string) {
  const [row] = await handle.db
    .select()
    .from(job)
    .where(and(eq(job.projectId, projectId), eq(job.externalId, externalId)));
  return row;
}
