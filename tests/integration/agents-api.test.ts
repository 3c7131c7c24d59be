// GET /api/v1/agents and /api/v1/agents/{name}: route handlers called with real Requests against PostgreSQL,
// responses parsed with the routes' own zod schemas.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getAgentRoute } from "@/app/api/v1/agents/[name]/route";
import { GET as listAgentsRoute } from "@/app/api/v1/agents/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { agentDetailSchema, agentsPageSchema } from "@/lib/agents/schemas";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject } from "../helpers/db";

const BASE = "http://fleetwatch.test";
const noParams = { params: Promise.resolve({}) };
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const STARTED = ago(5);

let handle: DbHandle;
let readKey: string;
let ingestKey: string;
let otherReadKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const projectId = (await createTestProject(handle)).id;
  readKey = (await createApiKey({ db: handle.db, projectId, name: "read", scopes: ["read"] })).key;
  ingestKey = (await createApiKey({ db: handle.db, projectId, name: "ingest", scopes: ["ingest"] })).key;
  const other = (await createTestProject(handle)).id;
  otherReadKey = (await createApiKey({ db: handle.db, projectId: other, name: "read", scopes: ["read"] }))
    .key;
  await ingestBatch({
    db: handle.db,
    projectId,
    apiKeyId: null,
    rawEvents: [
      {
        id: "a1",
        type: "job.started",
        time: STARTED,
        job: "j-1",
        agent: "review bot/2",
        data: { title: "Review PR 12", harness: "codex" },
      },
      {
        id: "a2",
        type: "agent.heartbeat",
        time: ago(1),
        agent: "review bot/2",
        data: { status: "busy", job: "j-1" },
      },
      { id: "a3", type: "agent.heartbeat", time: ago(90), agent: "sleeper", data: { status: "idle" } },
    ],
  });
});
afterAll(async () => {
  await handle.close();
});

const get = (path: string, key: string | null) =>
  new Request(`${BASE}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

async function expectError(res: Response, status: number, code: string, message?: RegExp) {
  expect(res.status).toBe(status);
  const body = errorResponseSchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  if (message) expect(body.error.message).toMatch(message);
}

describe("GET /api/v1/agents", () => {
  it("lists the key's project's agents with their live status, attention first", async () => {
    const res = await listAgentsRoute(get("/api/v1/agents", readKey), noParams);
    expect(res.status).toBe(200);
    const page = agentsPageSchema.parse(await res.json());
    expect(page.agents.map((a) => [a.name, a.status])).toEqual([
      ["review bot/2", "running"],
      ["sleeper", "offline"],
    ]);
    expect(page.agents[0]?.current_job).toMatchObject({
      external_id: "j-1",
      title: "Review PR 12",
      since: STARTED,
    });
    expect(page.counts).toEqual({ waiting: 0, running: 1, idle: 0, offline: 1 });
  });

  it("filters by status and bounds the list", async () => {
    const page = agentsPageSchema.parse(
      await (await listAgentsRoute(get("/api/v1/agents?status=offline&limit=10", readKey), noParams)).json(),
    );
    expect(page.agents.map((a) => a.name)).toEqual(["sleeper"]);
  });

  it("answers bad parameters with a 400", async () => {
    await expectError(
      await listAgentsRoute(get("/api/v1/agents?status=asleep", readKey), noParams),
      400,
      "bad_request",
      /status/,
    );
    await expectError(
      await listAgentsRoute(get("/api/v1/agents?limit=5000", readKey), noParams),
      400,
      "bad_request",
      /limit/,
    );
  });

  it("needs a session or a read key, and shows only the key's project", async () => {
    await expectError(await listAgentsRoute(get("/api/v1/agents", null), noParams), 401, "unauthorized");
    await expectError(
      await listAgentsRoute(get("/api/v1/agents", ingestKey), noParams),
      403,
      "forbidden",
      /"read" scope/,
    );
    const other = agentsPageSchema.parse(
      await (await listAgentsRoute(get("/api/v1/agents", otherReadKey), noParams)).json(),
    );
    expect(other).toMatchObject({ agents: [], total: 0 });
  });
});

describe("GET /api/v1/agents/{name}", () => {
  it("returns one agent with its recent jobs", async () => {
    const res = await getAgentRoute(get("/api/v1/agents/x", readKey), {
      params: Promise.resolve({ name: "review bot/2" }),
    });
    expect(res.status).toBe(200);
    const d = agentDetailSchema.parse(await res.json());
    expect(d.agent).toMatchObject({ name: "review bot/2", status: "running", heartbeat_status: "busy" });
    expect(d.recent_jobs.map((j) => j.external_id)).toEqual(["j-1"]);
  });

  it("404s for an agent of another project or none", async () => {
    await expectError(
      await getAgentRoute(get("/api/v1/agents/x", otherReadKey), {
        params: Promise.resolve({ name: "review bot/2" }),
      }),
      404,
      "not_found",
      /review bot\/2/,
    );
    await expectError(
      await getAgentRoute(get("/api/v1/agents/x", null), { params: Promise.resolve({ name: "sleeper" }) }),
      401,
      "unauthorized",
    );
  });
});
