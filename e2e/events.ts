// Events the e2e tests post: an ingest key's batches, and failing jobs with realistic errors.
import { type APIRequestContext, expect } from "@playwright/test";

/**
 * Posts events with `key`, 1000 per request, expecting every batch to be stored, then reads with
 * ?consistent=true (with the key, or the signed-in session when the key cannot read), which answers once they
 * are projected: the pages opened next show them.
 */
export async function postEvents(request: APIRequestContext, key: string, events: object[]) {
  const headers = { authorization: `Bearer ${key}` };
  for (let i = 0; i < events.length; i += 1000) {
    const res = await request.post("/api/v1/events", {
      headers,
      data: { events: events.slice(i, i + 1000) },
    });
    expect(res.status()).toBe(200);
  }
  // the key reads when it has the read scope; an ingest-only key's test reads with its session instead
  let read = await request.get("/api/v1/agents?consistent=true", { headers });
  if (read.status() === 403) read = await request.get("/api/v1/agents?consistent=true");
  expect(read.status()).toBe(200);
}

let n = 0;
/** A job of `agent` that starts and fails with `message` `minutesAgo` minutes ago. */
export function failingJob(agent: string, message: string, minutesAgo: number, type?: string) {
  n += 1;
  const job = `${agent}-${Date.now()}-${n}`;
  const t = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  return [
    {
      id: `${job}-s`,
      type: "job.started",
      time: t(minutesAgo + 2),
      job,
      agent,
      data: { title: `Task ${n}`, harness: "codex", model: "gpt-5-codex" },
    },
    { id: `${job}-f`, type: "job.failed", time: t(minutesAgo), job, data: { error: { message, type } } },
  ];
}
