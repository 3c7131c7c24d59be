// GET /api/v1/standups called with real Requests: parsed with the route's own schema; bad input gets a 400.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/standups/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { DAY, loadFixtureDay } from "@/lib/standups/fixture.test-helper";
import { standupResponseSchema } from "@/lib/standups/schemas";
import { createTestProject } from "../helpers/db";

const noParams = { params: Promise.resolve({}) };
let handle: DbHandle;
let readKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const p = await createTestProject(handle);
  await loadFixtureDay(handle.db, p.id);
  readKey = (await createApiKey({ db: handle.db, projectId: p.id, name: "read", scopes: ["read"] })).key;
});
afterAll(async () => {
  await handle.close();
});

const get = (query: string, key: string | null = readKey) =>
  GET(
    new Request(`http://fleetwatch.test/api/v1/standups${query}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    }),
    noParams,
  );

async function expectError(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  const body = errorResponseSchema.parse(await res.json());
  expect(body.error.message).toMatch(message);
}

describe("GET /api/v1/standups", () => {
  it("returns the day's standup, structured with links and as Markdown", async () => {
    const res = await get(`?date=${DAY}&agent=builder`);
    expect(res.status).toBe(200);
    const body = standupResponseSchema.parse(await res.json());
    expect([body.date, body.previous, body.next]).toEqual(["2025-01-14", "2025-01-13", "2025-01-15"]);
    const builder = body.standup.agents[0];
    expect(builder?.agent).toBe("builder");
    const stalled = builder?.sections.find((s) => s.key === "blocked")?.lines[0];
    expect(stalled?.tags).toEqual(["stalled"]);
    expect(stalled?.segments[1]?.text).toBe("Migrate database");
    expect(stalled?.segments[1]?.href).toMatch(/^\/jobs\/[0-9a-f-]{36}$/);
    // Blocked holds the stalled job only; the open git issue from the days before is under "Still open".
    expect(builder?.sections.find((s) => s.key === "blocked")?.lines).toHaveLength(1);
    expect(builder?.sections.find((s) => s.key === "open")?.title).toBe("Still open");
    expect(body.markdown).toContain("## builder — 1 failed · 1 blocked");
  });

  it("defaults to yesterday in the project's time zone", async () => {
    const body = standupResponseSchema.parse(await (await get("")).json());
    const now = new Date();
    const la = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(now);
    const yesterday = new Date(`${la}T12:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    expect(body.date).toBe(yesterday.toISOString().slice(0, 10));
    expect(body.next).toBe(la);
  });

  it("rejects bad input with a 400, an unknown agent with a 404, and no key with a 401", async () => {
    await expectError(await get("?date=2025-02-30"), 400, /date must be a calendar day/);
    await expectError(await get("?date=yesterday"), 400, /YYYY-MM-DD/);
    await expectError(await get("?date=2999-01-01"), 400, /has not begun yet/);
    await expectError(await get("?agent=nobody"), 404, /No agent "nobody"/);
    await expectError(await get("", null), 401, /Sign in, or send Authorization/);
    await expectError(await get(`?date=${DAY}&markdown=no`), 400, /markdown/);
  });

  it("leaves the Markdown out with markdown=false (what the page asks for), the structure unchanged", async () => {
    const full = standupResponseSchema.parse(await (await get(`?date=${DAY}`)).json());
    const res = await get(`?date=${DAY}&markdown=false`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["date", "next", "previous", "standup"]);
    const { markdown, ...structured } = full;
    expect(markdown).toContain("## builder — 1 failed · 1 blocked");
    // generated_at is the request's time; everything else is the same day's standup
    expect({ ...body, standup: { ...body.standup, generated_at: null } }).toEqual({
      ...structured,
      standup: { ...structured.standup, generated_at: null },
    });
    const explicit = standupResponseSchema.parse(await (await get(`?date=${DAY}&markdown=true`)).json());
    expect(explicit.markdown).toBe(markdown);
  });
});
