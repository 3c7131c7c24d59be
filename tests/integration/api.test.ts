// The HTTP contract: route handlers called with real Requests against PostgreSQL.
// Responses are parsed with the routes' own zod schemas.
import { gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { GET as getJobRoute } from "@/app/api/v1/jobs/[id]/route";
import { GET as listJobsRoute } from "@/app/api/v1/jobs/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { apiKey, rateLimitWindow } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { errorResponseSchema, ingestResponseSchema } from "@/lib/ingest/protocol";
import { flushRateLimits } from "@/lib/ingest/rate-limit";
import { signBody } from "@/lib/ingest/signature";
import { jobDetailSchema, jobsPageSchema } from "@/lib/jobs/schemas";
import { createTestProject } from "../helpers/db";

const BASE = "http://fleetwatch.test";
const noParams = { params: Promise.resolve({}) };
const now = () => new Date().toISOString();

let handle: DbHandle;
let projectId: string;
let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  ingestKey = (await createApiKey({ db: handle.db, projectId, name: "ingest", scopes: ["ingest"] })).key;
  readKey = (await createApiKey({ db: handle.db, projectId, name: "read", scopes: ["read"] })).key;
});
afterAll(async () => {
  await handle.close();
});

function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  return postEvents(
    new Request(`${BASE}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${ingestKey}`, "content-type": "application/json", ...headers },
      body: body as BodyInit,
    }),
    noParams,
  );
}

const started = (id: string, job = id) => ({
  id,
  type: "job.started",
  time: now(),
  job,
  agent: "scout",
  data: { harness: "claude-code", model: "claude-sonnet-4-5", title: `Job ${job}` },
});

async function expectError(res: Response, status: number, code: string, message?: RegExp) {
  expect(res.status).toBe(status);
  const body = errorResponseSchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  if (message) expect(body.error.message).toMatch(message);
}

describe("POST /api/v1/events", () => {
  it("returns 200 with counts when every event is stored", async () => {
    const res = await post(JSON.stringify({ events: [started("a1"), started("a2")] }));
    expect(res.status).toBe(200);
    expect(ingestResponseSchema.parse(await res.json())).toEqual({ accepted: 2, duplicates: 0, rejected: 0 });
  });

  it("returns 207 with per-event results when some are rejected", async () => {
    const res = await post(JSON.stringify({ events: [started("b1"), { id: "b2", type: "job.started" }] }));
    expect(res.status).toBe(207);
    const body = ingestResponseSchema.parse(await res.json());
    expect(body.results?.map((r) => r.status)).toEqual(["accepted", "rejected"]);
  });

  it("accepts gzip bodies", async () => {
    const res = await post(gzipSync(JSON.stringify({ events: [started("gz1")] })), {
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
    expect(ingestResponseSchema.parse(await res.json()).accepted).toBe(1);
  });

  it("rejects a missing or unknown key with 401", async () => {
    const body = JSON.stringify({ events: [started("c1")] });
    await expectError(
      await postEvents(
        new Request(`${BASE}/api/v1/events`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }),
        noParams,
      ),
      401,
      "unauthorized",
      /Missing API key/,
    );
    await expectError(
      await post(body, { authorization: "Bearer fw_nope" }),
      401,
      "unauthorized",
      /Unknown API key/,
    );
  });

  it("rejects a revoked key and a key without the ingest scope with 403", async () => {
    const { key, record } = await createApiKey({ db: handle.db, projectId, name: "old", scopes: ["ingest"] });
    await revokeApiKey({ db: handle.db, projectId, id: record.id });
    const body = JSON.stringify({ events: [started("d1")] });
    await expectError(await post(body, { authorization: `Bearer ${key}` }), 403, "forbidden", /revoked/);
    await expectError(
      await post(body, { authorization: `Bearer ${readKey}` }),
      403,
      "forbidden",
      /"ingest" scope/,
    );
  });

  it("rejects unreadable bodies with 400, wrong content types with 415, oversized bodies with 413", async () => {
    await expectError(await post("{not json"), 400, "bad_request", /not valid JSON/);
    await expectError(await post(JSON.stringify({ events: [] })), 400, "bad_request", /1 to 1000 events/);
    await expectError(
      await post(JSON.stringify({ events: Array.from({ length: 1001 }, (_, i) => started(`x${i}`)) })),
      400,
      "bad_request",
    );
    await expectError(await post("x", { "content-type": "text/plain" }), 415, "unsupported_media_type");
    const huge = JSON.stringify({
      events: [{ ...started("big"), data: { harness: "x", title: "y".repeat(6_000_000) } }],
    });
    await expectError(await post(huge), 413, "payload_too_large");
    await expectError(await post(gzipSync(huge), { "content-encoding": "gzip" }), 413, "payload_too_large");
  });

  it("requires a valid signature for keys with a signing secret", async () => {
    const { key, signingSecret } = await createApiKey({
      db: handle.db,
      projectId,
      name: "signed",
      scopes: ["ingest"],
      signed: true,
    });
    const body = JSON.stringify({ events: [started("s1")] });
    const auth = { authorization: `Bearer ${key}` };
    await expectError(await post(body, auth), 403, "forbidden", /Fleetwatch-Signature/);
    await expectError(
      await post(body, { ...auth, "fleetwatch-signature": signBody("wrong", body) }),
      403,
      "forbidden",
      /does not match/,
    );
    const expired = signBody(signingSecret ?? "", body, Math.floor(Date.now() / 1000) - 600);
    await expectError(
      await post(body, { ...auth, "fleetwatch-signature": expired }),
      403,
      "forbidden",
      /server clock/,
    );
    const res = await post(body, { ...auth, "fleetwatch-signature": signBody(signingSecret ?? "", body) });
    expect(res.status).toBe(200);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a key exceeds its requests per minute, other keys unaffected", async () => {
    const { key, record } = await createApiKey({
      db: handle.db,
      projectId,
      name: "limited",
      scopes: ["ingest"],
    });
    await handle.db.update(apiKey).set({ rateLimitPerMinute: 3 }).where(eq(apiKey.id, record.id));
    const body = (i: number) => JSON.stringify({ events: [started(`rl-${i}`)] });
    // a minute boundary in the middle would start a window this instance has not seen: start after one
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000)));
    expect((await post(body(0), { authorization: `Bearer ${key}` })).status).toBe(200);
    // other instances use the key's budget in this window and the next (so a minute boundary cannot end the
    // test): 3 in PostgreSQL
    await flushRateLimits();
    const window = Math.floor(Date.now() / 60_000) * 60_000;
    for (const start of [window, window + 60_000]) {
      await handle.db
        .insert(rateLimitWindow)
        .values({ keyId: record.id, windowStart: new Date(start), count: 3 })
        .onConflictDoUpdate({
          target: [rateLimitWindow.keyId, rateLimitWindow.windowStart],
          set: { count: 3 },
        });
    }
    // this instance goes by the count it last saw (1) until its next send brings back 3 + 1: one request more
    // (the bounded overshoot of lib/ingest/rate-limit.ts), then 429
    expect((await post(body(1), { authorization: `Bearer ${key}` })).status).toBe(200);
    await flushRateLimits();
    const limited = await post(body(2), { authorization: `Bearer ${key}` });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expectError(limited, 429, "rate_limited", /3 requests per minute/);
    expect((await post(body(9))).status).toBe(200);
  });
  // Sharing one budget across instances: tests/integration/rate-limit.test.ts.
});

describe("read API", () => {
  const get = (path: string, key: string | null) =>
    new Request(`${BASE}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it("lists the key's project's jobs with cursor pagination", async () => {
    await post(JSON.stringify({ events: ["p1", "p2", "p3"].map((id) => started(id)) }));
    const first = jobsPageSchema.parse(
      await (await listJobsRoute(get("/api/v1/jobs?limit=2", readKey), noParams)).json(),
    );
    expect(first.jobs).toHaveLength(2);
    expect(first.next_cursor).not.toBeNull();
    const second = jobsPageSchema.parse(
      await (
        await listJobsRoute(get(`/api/v1/jobs?limit=2&cursor=${first.next_cursor}`, readKey), noParams)
      ).json(),
    );
    expect(second.jobs.map((j) => j.id)).not.toContain(first.jobs[0]?.id);
  });

  it("validates query parameters", async () => {
    await expectError(
      await listJobsRoute(get("/api/v1/jobs?status=exploded", readKey), noParams),
      400,
      "bad_request",
      /status/,
    );
    await expectError(
      await listJobsRoute(get("/api/v1/jobs?cursor=garbage", readKey), noParams),
      400,
      "bad_request",
      /cursor/,
    );
  });

  it("needs a session or a read key", async () => {
    await expectError(await listJobsRoute(get("/api/v1/jobs", null), noParams), 401, "unauthorized");
    await expectError(
      await listJobsRoute(get("/api/v1/jobs", ingestKey), noParams),
      403,
      "forbidden",
      /"read" scope/,
    );
  });

  it("returns one job by the runner's id, and 404 for an unknown one", async () => {
    await post(JSON.stringify({ events: [started("g1", "job/with spaces")] }));
    // answered at the append: ?consistent=true waits for the projector (without it the job may not be there yet)
    const res = await getJobRoute(get("/api/v1/jobs/x?consistent=true", readKey), {
      params: Promise.resolve({ id: "job/with spaces" }),
    });
    expect(res.status).toBe(200);
    const job = jobDetailSchema.parse(await res.json());
    expect(job).toMatchObject({ external_id: "job/with spaces", status: "running", agent: "scout" });
    expect(job.events.map((e) => e.id)).toEqual(["g1"]);
    await expectError(
      await getJobRoute(get("/api/v1/jobs/x", readKey), { params: Promise.resolve({ id: "none" }) }),
      404,
      "not_found",
    );
  });
});

describe("OpenAPI document", () => {
  it("describes every route with schemas generated from zod", async () => {
    const doc = (await (await openapi()).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/metrics",
      "/api/v1/agents",
      "/api/v1/agents/{name}",
      "/api/v1/alert-destinations",
      "/api/v1/alert-destinations/{id}",
      "/api/v1/alert-destinations/{id}/test",
      "/api/v1/alert-rules",
      "/api/v1/alert-rules/test",
      "/api/v1/alert-rules/{id}",
      "/api/v1/alerts",
      "/api/v1/audit",
      "/api/v1/audit/csv",
      "/api/v1/costs",
      "/api/v1/costs/jobs",
      "/api/v1/escalation-policies",
      "/api/v1/escalation-policies/{id}",
      "/api/v1/events",
      "/api/v1/failure-classes",
      "/api/v1/failure-rules",
      "/api/v1/failure-rules/apply",
      "/api/v1/failure-rules/preview",
      "/api/v1/failure-rules/{id}",
      "/api/v1/import",
      "/api/v1/incidents",
      "/api/v1/incidents/{id}",
      "/api/v1/incidents/{id}/ack",
      "/api/v1/incidents/{id}/resolve",
      "/api/v1/issues",
      "/api/v1/issues/bulk-triage",
      "/api/v1/issues/{id}",
      "/api/v1/issues/{id}/triage",
      "/api/v1/jobs",
      "/api/v1/jobs/{id}",
      "/api/v1/jobs/{id}/abandon",
      "/api/v1/jobs/{id}/timeline",
      "/api/v1/jobs/{id}/transcript",
      "/api/v1/models",
      "/api/v1/models/compare",
      "/api/v1/overview",
      "/api/v1/pipelines",
      "/api/v1/runs",
      "/api/v1/runs/{id}",
      "/api/v1/schedules",
      "/api/v1/search",
      "/api/v1/silences",
      "/api/v1/silences/{id}",
      "/api/v1/standups",
    ]);
    expect(Object.keys(doc.paths["/api/v1/events"]?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "207", "400", "401", "403", "413", "415", "429"]),
    );
    expect(Object.keys(doc.components.schemas.JobsPage?.properties ?? {})).toEqual([
      "jobs",
      "total",
      "total_capped",
      "next_cursor",
    ]);
    // the jobs list's sort is an allow-list of its columns, documented as such
    const listJobsOp = doc.paths["/api/v1/jobs"]?.get as unknown as {
      parameters: { name: string; schema: { enum?: string[] } }[];
    };
    const listParams = listJobsOp.parameters;
    expect(listParams.find((p) => p.name === "sort")?.schema.enum).toEqual([
      "started",
      "status",
      "title",
      "agent",
      "model",
      "harness",
      "duration",
      "cost",
    ]);
    expect(listParams.find((p) => p.name === "dir")?.schema.enum).toEqual(["asc", "desc"]);
    expect(Object.keys(doc.components.schemas.AuditPage?.properties ?? {})).toEqual([
      "entries",
      "next_cursor",
    ]);
    expect(JSON.stringify(doc.components.schemas.Event)).toContain("job.heartbeat".replace("job", "agent"));
    // every $ref points at a defined schema
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) {
      expect(doc.components.schemas).toHaveProperty(ref[1] as string);
    }
  });
});
