// The overview and models read API over HTTP handlers against PostgreSQL: JSON parsed with the routes' own
// schemas, CSV exports, and 400s for bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as compareRoute } from "@/app/api/v1/models/compare/route";
import { GET as modelsRoute } from "@/app/api/v1/models/route";
import { GET as overviewRoute } from "@/app/api/v1/overview/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { compareResponseSchema, modelsResponseSchema } from "@/lib/models/schemas";
import { overviewSchema } from "@/lib/overview/schemas";
import { createTestProject } from "../helpers/db";
import { NOW, seedFleet } from "./models-fleet";

const FROM = new Date(NOW.getTime() - 86_400_000).toISOString();
const RANGE = `range=custom&from=${FROM}&to=${NOW.toISOString()}`;
const noParams = { params: Promise.resolve({}) };

let handle: DbHandle;
let readKey: string;
beforeAll(async () => {
  handle = await getDbHandle();
  const p = await createTestProject(handle);
  await seedFleet(handle, p.id);
  readKey = (await createApiKey({ db: handle.db, projectId: p.id, name: "read", scopes: ["read"] })).key;
});
afterAll(async () => {
  await handle.close();
});

type Route = (req: Request, ctx: typeof noParams) => Promise<Response>;
const get = (route: Route, path: string) =>
  route(
    new Request(`http://fleetwatch.test${path}`, { headers: { authorization: `Bearer ${readKey}` } }),
    noParams,
  );

async function expect400(res: Response, message: RegExp) {
  expect(res.status).toBe(400);
  const body = errorResponseSchema.parse(await res.json());
  expect(body.error.code).toBe("bad_request");
  expect(body.error.message).toMatch(message);
}

describe("GET /api/v1/overview", () => {
  it("returns the overview of a custom range", async () => {
    const res = await get(overviewRoute, `/api/v1/overview?${RANGE}`);
    expect(res.status).toBe(200);
    const o = overviewSchema.parse(await res.json());
    expect(o.headline.jobs.current).toBe(49);
    expect(o.headline.spend_usd.current).toBeCloseTo(17.2, 8);
  });

  it("exports the series as CSV", async () => {
    const res = await get(overviewRoute, `/api/v1/overview?${RANGE}&format=csv`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("bucket,series,key,value");
    expect(lines).toContain("2026-03-09T14:00:00Z,jobs,succeeded,5");
    expect(lines).toContain("2026-03-09T14:00:00Z,spend_usd,m-alpha,2.5");
  });

  it("refuses a custom range without a start, and an unknown preset", async () => {
    await expect400(await get(overviewRoute, "/api/v1/overview?range=custom"), /needs a start/);
    await expect400(await get(overviewRoute, "/api/v1/overview?range=2w"), /range/);
    await expect400(
      await get(overviewRoute, `/api/v1/overview?range=custom&from=${NOW.toISOString()}&to=${FROM}`),
      /before its end/,
    );
  });
});

describe("GET /api/v1/models", () => {
  it("returns the matrix and the variance figures", async () => {
    const res = await get(modelsRoute, `/api/v1/models?${RANGE}`);
    expect(res.status).toBe(200);
    const m = modelsResponseSchema.parse(await res.json());
    expect(m.cells).toHaveLength(5);
    expect(m.variance.success_rate.ratio).toBeCloseTo(181 / 13, 9);
  });

  it("exports the cells and the variance as CSV", async () => {
    const res = await get(modelsRoute, `/api/v1/models?${RANGE}&format=csv`);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="models-matrix-custom-/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^model,harness,jobs,finished,succeeded,failed,/);
    const beta = lines.find((l) => l.startsWith("m-beta,h-two,"));
    // jobs 12, finished 10, ok 6, failed 4, cancelled 1, unfinished 1, rate 0.6
    expect(beta).toMatch(/^m-beta,h-two,12,10,6,4,1,1,0\.6,/);
    const variance = await get(modelsRoute, `/api/v1/models?${RANGE}&format=csv&table=variance`);
    const rows = (await variance.text()).trim().split("\r\n");
    expect(rows[0]).toBe("metric,spread,group,members,variance,ratio");
    expect(rows[1]).toMatch(/^success_rate,across_models,\(mean\),,0\.0251388/);
  });

  it("refuses bad input", async () => {
    await expect400(await get(modelsRoute, "/api/v1/models?range=custom&from=yesterday"), /from/);
    await expect400(await get(modelsRoute, `/api/v1/models?${RANGE}&format=xml`), /format/);
  });
});

describe("GET /api/v1/models/compare", () => {
  it("compares two models on shared repos", async () => {
    const res = await get(compareRoute, `/api/v1/models/compare?${RANGE}&a=m-alpha&b=m-beta`);
    expect(res.status).toBe(200);
    const c = compareResponseSchema.parse(await res.json());
    expect(c.match).toBe("repo");
    expect(c.shared_keys).toBe(2);
    expect([c.a.jobs, c.b.jobs]).toEqual([12, 22]);
    const csv = await get(compareRoute, `/api/v1/models/compare?${RANGE}&a=m-alpha&b=m-beta&format=csv`);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[1]).toMatch(/^a,m-alpha,\(all shared work\),22,12,12,10,2,/);
    expect(lines).toContain("b,m-beta,acme/web,,12,10,6");
  });

  it("refuses the same value twice, a bad match and a missing side", async () => {
    await expect400(await get(compareRoute, `/api/v1/models/compare?${RANGE}&a=x&b=x`), /different/);
    await expect400(
      await get(compareRoute, `/api/v1/models/compare?${RANGE}&a=x&b=y&match=labels`),
      /match must be/,
    );
    await expect400(await get(compareRoute, `/api/v1/models/compare?${RANGE}&a=x`), /b/);
  });
});
