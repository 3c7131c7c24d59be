// The failures page's search box and filters against real PostgreSQL: GET /api/v1/issues with q and state=all,
// and the chart and breakdown (GET /api/v1/failure-classes) narrowed by the same filters as the list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as classesRoute } from "@/app/api/v1/failure-classes/route";
import { GET as issuesRoute } from "@/app/api/v1/issues/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { systemActor } from "@/lib/audit/record";
import { createApiKey } from "@/lib/auth/api-keys";
import { failureClassesSchema, issuesPageSchema } from "@/lib/failures/schemas";
import { applyTriage } from "@/lib/failures/triage";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { createTestProject } from "../helpers/db";

const BASE = Date.now() - 2 * 86_400_000; // two days ago: inside range=7d
const TIMEOUT = "The job exceeded the time limit of 60 minutes"; // timeout
const RESET = "read ECONNRESET: connection reset by peer"; // infra
const DISK = "Error: ENOSPC: no space left on device, write '/tmp/a'"; // infra
const PCT = "stuck at 100% in step_2"; // unknown; % and _ are LIKE wildcards
const NEAR = "stuck at 1000 in step22"; // unknown; what "100%" and "step_2" would match unescaped

let n = 0;
function failing(message: string, minutesIn: number, who: { agent: string; model: string; harness: string }) {
  n += 1;
  const id = `fs-${n}`;
  const t = (m: number) => new Date(BASE + m * 60_000).toISOString();
  return [
    {
      id: `${id}-s`,
      type: "job.started",
      time: t(minutesIn - 1),
      job: id,
      agent: who.agent,
      data: { title: `Task ${n}`, harness: who.harness, model: who.model },
    },
    { id: `${id}-f`, type: "job.failed", time: t(minutesIn), job: id, data: { error: { message } } },
  ];
}
const scout = { agent: "scout", model: "gpt-5", harness: "codex" };
const ranger = { agent: "ranger", model: "claude-sonnet-4-5", harness: "claude-code" };

describe("issue search (q) and filtered chart", () => {
  let handle: DbHandle;
  let key: string;
  beforeAll(async () => {
    handle = await getDbHandle();
    const projectId = (await createTestProject(handle)).id;
    key = (await createApiKey({ db: handle.db, projectId, name: "r", scopes: ["read"] })).key;
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        ...failing(TIMEOUT, 10, scout),
        ...failing(TIMEOUT, 20, ranger),
        ...failing(RESET, 30, scout),
        ...failing(DISK, 40, ranger),
        ...failing(PCT, 50, ranger),
        ...failing(NEAR, 60, scout),
      ],
    });
    // the disk issue is resolved: open lists leave it out
    const disk = (await issues("state=all")).find((i) => i.title.includes("ENOSPC"));
    if (!disk) throw new Error("no disk issue");
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: disk.id,
      userId: null,
      action: { action: "resolve" },
    });
  });
  afterAll(async () => {
    await handle.close();
  });

  const get = (route: typeof issuesRoute, path: string) =>
    route(new Request(`http://x${path}`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({}),
    });
  async function issues(query: string) {
    const res = await get(issuesRoute, `/api/v1/issues?range=7d&limit=50&${query}`);
    expect(res.status).toBe(200);
    return issuesPageSchema.parse(await res.json()).issues;
  }
  const messages = async (query: string) =>
    (await issues(query)).map((i) => i.title).sort((a, b) => a.localeCompare(b));
  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  it("takes state=all (every state) and is: in q, which replaces the state parameter", async () => {
    // 5 issues: timeout (2 jobs), reset, disk (resolved), pct, near
    expect(await issues("state=all")).toHaveLength(5);
    expect(await issues("state=open")).toHaveLength(4);
    expect((await issues(`state=open&${q("is:resolved")}`)).map((i) => i.state)).toEqual(["resolved"]);
    expect(await issues(q("is:unresolved"))).toHaveLength(4);
    expect(await issues(q("-is:resolved -is:new"))).toHaveLength(0); // all four open ones are new
  });

  it("narrows by agent, model, harness and class, any-of for repeats, none-of for negations", async () => {
    // scout failed: timeout, reset, near; ranger: timeout, disk, pct
    expect(await issues(q("agent:scout"))).toHaveLength(3);
    expect(await issues(q("agent:scout agent:ranger"))).toHaveLength(5);
    expect(await issues(q("-agent:scout"))).toHaveLength(2); // disk, pct
    expect(await issues(q("model:claude-sonnet-4-5 harness:claude-code class:infra"))).toHaveLength(1); // disk
    expect(await issues(q("class:infra -is:resolved"))).toHaveLength(1); // reset
    expect(await issues(q("class:timeout agent:scout model:gpt-5"))).toHaveLength(1);
  });

  it("matches words and phrases literally, case-insensitively, in the title or message", async () => {
    expect(await issues(q('"connection RESET"'))).toHaveLength(1);
    expect(await issues(q('"reset connection"'))).toHaveLength(0); // a phrase keeps its order
    expect(await issues(q("stuck -step22"))).toHaveLength(1); // pct
    // % and _ are text: "100%" is not "100 then anything", "step_2" not "step, any character, 2"
    expect(await messages(q("100%"))).toHaveLength(1);
    expect(await messages(q("step_2"))).toHaveLength(1);
    expect(await issues(q("stuck"))).toHaveLength(2);
  });

  it("refuses a NUL in a filter value with a 400 rather than failing in PostgreSQL", async () => {
    for (const route of [issuesRoute, classesRoute]) {
      const res = await get(route, "/api/v1/issues?agent=a%00b");
      expect(res.status).toBe(400);
      expect(errorResponseSchema.parse(await res.json()).error.message).toMatch(/NUL/);
    }
  });

  it("refuses an unknown qualifier or an over-long search with a 400 that says why", async () => {
    for (const [text, message] of [
      ["assignee:me", /Unknown qualifier "assignee:"/],
      ["is:closed", /Unknown state "is:closed"/],
      ["x".repeat(501), /too long/],
      ["agent:a\u0000b", /control character/], // NUL would fail in PostgreSQL: a 500 without the check
    ] as const) {
      for (const route of [issuesRoute, classesRoute]) {
        const res = await get(route, `/api/v1/issues?${q(text)}`);
        expect(res.status).toBe(400);
        expect(errorResponseSchema.parse(await res.json()).error.message).toMatch(message);
      }
    }
  });

  it("counts in the chart and breakdown only the failed jobs of the filtered issues", async () => {
    const classes = async (query: string) => {
      const res = await get(classesRoute, `/api/v1/failure-classes?range=7d&${query}`);
      expect(res.status).toBe(200);
      return failureClassesSchema.parse(await res.json());
    };
    const counts = (r: { breakdown: { failure_class: string; count: number }[] }) =>
      Object.fromEntries(r.breakdown.map((b) => [b.failure_class, b.count]));
    const charted = (r: { series: { rows: { count: number }[] } }) =>
      r.series.rows.reduce((s, row) => s + row.count, 0);
    // unfiltered: 6 failed jobs: timeout 2, infra 2 (reset, disk), unknown 2 (pct, near)
    const all = await classes("");
    expect(counts(all)).toEqual({ timeout: 2, infra: 2, unknown: 2 });
    expect(charted(all)).toBe(6);
    // the job's own agent: scout failed timeout, reset, near
    const mine = await classes("agent=scout");
    expect(counts(mine)).toEqual({ timeout: 1, infra: 1, unknown: 1 });
    expect(charted(mine)).toBe(3);
    // the issue's state: open leaves out the disk failure
    expect(counts(await classes("state=open"))).toEqual({ timeout: 2, infra: 1, unknown: 2 });
    // the search box: ranger's open failures with "stuck": pct only
    const searched = await classes(q("agent:ranger is:open stuck"));
    expect(counts(searched)).toEqual({ unknown: 1 });
    expect(charted(searched)).toBe(1);
    // negated qualifiers keep the others: every failure but timeout's
    expect(counts(await classes(q("-class:timeout")))).toEqual({ infra: 2, unknown: 2 });
  });

  it("documents q and state=all in the OpenAPI document, and the chart's route with the same parameters", () => {
    type Param = { name: string; schema?: { enum?: string[]; maxLength?: number } };
    const paths = buildOpenApiDocument().paths as Record<string, { get?: { parameters?: Param[] } }>;
    for (const path of ["/api/v1/issues", "/api/v1/failure-classes"]) {
      const params = paths[path]?.get?.parameters ?? [];
      expect(params.find((p) => p.name === "q")?.schema?.maxLength).toBe(500);
      expect(params.find((p) => p.name === "state")?.schema?.enum).toContain("all");
    }
  });
});
