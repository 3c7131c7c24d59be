// GET /api/v1/costs and /api/v1/costs/jobs: route handlers called with real Requests, responses parsed with the
// routes' own zod schemas. Figures: tests/helpers/costs.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as costJobsRoute } from "@/app/api/v1/costs/jobs/route";
import { GET as costsRoute } from "@/app/api/v1/costs/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { costJobsReportSchema, costsReportSchema } from "@/lib/costs/schemas";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { at, costFleet } from "../helpers/costs";
import { createTestProject } from "../helpers/db";

const noParams = { params: Promise.resolve({}) };
const RANGE = `range=custom&from=${encodeURIComponent(at("09:00"))}&to=${encodeURIComponent(at("12:00"))}`;

let handle: DbHandle;
let slug: string;
let readKey: string;
let ingestKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const p = await createTestProject(handle);
  slug = p.slug;
  readKey = (await createApiKey({ db: handle.db, projectId: p.id, name: "read", scopes: ["read"] })).key;
  ingestKey = (await createApiKey({ db: handle.db, projectId: p.id, name: "ingest", scopes: ["ingest"] }))
    .key;
  await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: costFleet() });
  // a second project's spend must not show through the first project's key
  const other = await createTestProject(handle);
  await ingestBatch({ db: handle.db, projectId: other.id, apiKeyId: null, rawEvents: costFleet() });
});
afterAll(async () => {
  await handle.close();
});

const get = (route: typeof costsRoute, path: string, key = readKey) =>
  route(
    new Request(`http://fleetwatch.test${path}`, { headers: { authorization: `Bearer ${key}` } }),
    noParams,
  );

async function expectError(res: Response, status: number, message?: RegExp) {
  expect(res.status).toBe(status);
  const body = errorResponseSchema.parse(await res.json());
  if (message) expect(body.error.message).toMatch(message);
}

describe("GET /api/v1/costs", () => {
  it("returns totals and series per group for the range", async () => {
    const res = await get(costsRoute, `/api/v1/costs?${RANGE}&group_by=agent&bucket=hour`);
    expect(res.status).toBe(200);
    const body = costsReportSchema.parse(await res.json());
    expect(body.group_by).toBe("agent");
    expect(body.range).toEqual({ from: at("09:00"), to: at("12:00"), bucket: "hour" });
    expect(body.totals.cost_usd).toBeCloseTo(2.15, 8);
    expect(body.totals).toMatchObject({ input_tokens: 1710, cache_read_tokens: 3000, unpriced_events: 1 });
    expect(body.totals.unpriced_models).toEqual([{ model: "mystery-model-x", events: 1 }]);
    expect(body.groups.map((g) => g.key)).toEqual(["fixer", "scout"]);
    const fixer = body.series.find((s) => s.key === "fixer");
    expect(fixer?.points.map((p) => [p.bucket.slice(11, 16), p.cost_usd])).toEqual([
      ["09:00", 1],
      ["11:00", 0.4],
    ]);
  });

  it("takes agent, model and harness filters and a default bucket from the range", async () => {
    const res = await get(costsRoute, `/api/v1/costs?${RANGE}&harness=claude-code&model=claude-sonnet-4-5`);
    const body = costsReportSchema.parse(await res.json());
    expect(body.group_by).toBe("model");
    expect(body.range.bucket).toBe("hour");
    expect(body.groups.map((g) => [g.key, g.cost_usd])).toEqual([["claude-sonnet-4-5", 0.75]]);
  });

  it("groups by project with a read key: its own project only", async () => {
    const body = costsReportSchema.parse(
      await (await get(costsRoute, `/api/v1/costs?${RANGE}&group_by=project`)).json(),
    );
    expect(body.projects).toEqual([slug]);
    expect(body.groups.map((g) => g.key)).toEqual([slug]);
    expect(body.totals.cost_usd).toBeCloseTo(2.15, 8);
  });

  it("rejects a bad query with 400 and a key without the read scope with 403", async () => {
    await expectError(await get(costsRoute, "/api/v1/costs?range=custom"), 400, /start/);
    await expectError(await get(costsRoute, `/api/v1/costs?${RANGE}&group_by=colour`), 400);
    await expectError(await get(costsRoute, `/api/v1/costs?${RANGE}&bucket=minute`), 400);
    await expectError(await get(costsRoute, `/api/v1/costs?${RANGE}`, ingestKey), 403, /"read" scope/);
    await expectError(await costsRoute(new Request("http://fleetwatch.test/api/v1/costs"), noParams), 401);
  });
});

describe("GET /api/v1/costs/jobs", () => {
  it("returns top jobs and costs per outcome", async () => {
    const res = await get(costJobsRoute, `/api/v1/costs/jobs?${RANGE}&agent=fixer`);
    expect(res.status).toBe(200);
    const body = costJobsReportSchema.parse(await res.json());
    expect(body.top_jobs.map((j) => [j.external_id, j.cost_usd, j.status])).toEqual([
      ["B", 1, "failed"],
      ["C", 0.4, "succeeded"],
    ]);
    expect(body.totals).toMatchObject({ jobs: 2, succeeded: 1, failed: 1, retries: 1 });
    expect(body.totals.wasted_usd).toBeCloseTo(1.4, 8);
    expect(body.by_agent.map((a) => a.key)).toEqual(["fixer"]);
  });
});
