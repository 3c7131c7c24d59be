// Runs as trees against real PostgreSQL: events posted in order, in reverse and in random batches build the same
// tree and roll-ups; retry chains; a child before its parent; parent_job loops; GET /api/v1/runs/{id}.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRunRoute } from "@/app/api/v1/runs/[id]/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { getRun, getSpawnLinks } from "@/lib/runs/queries";
import { RUN_JOB_LIMIT, type Run, runSchema } from "@/lib/runs/schemas";
import { createTestProject } from "../helpers/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await getDbHandle();
});
afterAll(async () => {
  await handle.close();
});

const T0 = Date.now() - 60 * 60_000;
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
type Ev = {
  id: string;
  type: string;
  time: string;
  job?: string;
  agent?: string;
  data?: Record<string, unknown>;
};

function job(
  ext: string,
  start: number,
  end: number,
  usage: { in: number; out: number; cr?: number; cw?: number; cost: number },
  run: Record<string, unknown> = {},
  outcome: "completed" | "failed" = "completed",
): Ev[] {
  return [
    {
      id: `${ext}-s`,
      type: "job.started",
      time: at(start),
      job: ext,
      agent: `agent-${ext}`,
      data: { harness: "claude-code", model: "claude-sonnet-4-5", title: `Job ${ext}`, ...run },
    },
    {
      id: `${ext}-u`,
      type: "job.usage",
      time: at(start + 1),
      job: ext,
      data: {
        model: "claude-sonnet-4-5",
        input_tokens: usage.in,
        output_tokens: usage.out,
        cache_read_tokens: usage.cr ?? 0,
        cache_write_tokens: usage.cw ?? 0,
        cost_usd: usage.cost,
      },
    },
    outcome === "completed"
      ? { id: `${ext}-e`, type: "job.completed", time: at(end), job: ext, data: {} }
      : { id: `${ext}-e`, type: "job.failed", time: at(end), job: ext, data: { error: { message: "boom" } } },
  ];
}

// root R; children C1, C2 (parent R); grandchild G (parent C1); C2b retries C2 (retry_of C2, parent R)
const TREE: Ev[] = [
  ...job("R", 0, 30, { in: 1000, out: 200, cr: 500, cost: 0.1 }, { step: "plan" }),
  ...job("C1", 2, 20, { in: 2000, out: 300, cost: 0.25 }, { parent_job: "R", step: "write" }),
  ...job("G", 4, 10, { in: 400, out: 50, cr: 60, cost: 0.125 }, { parent_job: "C1" }),
  ...job("C2", 5, 8, { in: 100, out: 10, cost: 0.05 }, { parent_job: "R", step: "review" }, "failed"),
  ...job(
    "C2b",
    9,
    15,
    { in: 150, out: 20, cw: 40, cost: 0.07 },
    { parent_job: "R", retry_of: "C2", step: "review" },
  ),
];

async function ingestInto(projectId: string, batches: Ev[][]) {
  for (const rawEvents of batches) {
    const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents });
    expect(r.rejected).toBe(0);
  }
}

/** A seeded shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(list: T[], seed: number): T[] {
  let s = seed;
  const rand = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The run without Fleetwatch's ids (each project gives its jobs new ones). */
function shape(run: Run) {
  return JSON.parse(JSON.stringify(run, (k, v) => (k === "id" || k === "root_id" ? undefined : v)));
}

async function runOf(projectId: string, id: string) {
  const run = await getRun({ db: handle.db, projectId, id });
  if (!run) throw new Error(`no run for ${id}`);
  return run;
}

describe("a run's tree", () => {
  it("is the same whether the events arrive in order, in reverse or in random batches, with hand-worked roll-ups", async () => {
    const inOrder = (await createTestProject(handle)).id;
    const reverse = (await createTestProject(handle)).id;
    const random = (await createTestProject(handle)).id;
    await ingestInto(inOrder, [TREE]);
    await ingestInto(
      reverse,
      [...TREE].reverse().map((e) => [e]),
    );
    const mixed = shuffled(TREE, 18);
    await ingestInto(random, [mixed.slice(0, 4), mixed.slice(4, 5), mixed.slice(5, 11), mixed.slice(11)]);

    const run = await runOf(inOrder, "R");
    // depth first, siblings by start: C1 (2 min) before C2 (5), and C2b next to the job it retries
    expect(run.nodes.map((n) => `${"  ".repeat(n.depth)}${n.external_id}`)).toEqual([
      "R",
      "  C1",
      "    G",
      "  C2",
      "  C2b",
    ]);
    expect(run.nodes.map((n) => n.parent_external_id)).toEqual([null, "R", "C1", "R", "R"]);
    // costs: R 0.10 + C1 0.25 + G 0.125 + C2 0.05 + C2b 0.07 = 0.595
    // input 1000 + 2000 + 400 + 100 + 150 = 3650; output 200 + 300 + 50 + 10 + 20 = 580;
    // cache read 500 + 60 = 560; cache write 40 (C2b)
    expect(run.totals).toEqual({
      cost_usd: 0.595,
      tokens: { input: 3650, output: 580, cache_read: 560, cache_write: 40 },
      jobs: 5,
      failures: 1, // C2
      running: 0,
    });
    expect(run.nodes[0]?.subtree).toEqual(run.totals);
    // C1's subtree: C1 0.25 + G 0.125 = 0.375; input 2000 + 400; output 300 + 50; cache read 60
    const c1 = run.nodes.find((n) => n.external_id === "C1");
    expect(c1?.subtree).toEqual({
      cost_usd: 0.375,
      tokens: { input: 2400, output: 350, cache_read: 60, cache_write: 0 },
      jobs: 2,
      failures: 0,
      running: 0,
    });
    expect(c1?.children).toBe(1);
    expect(run.nodes[0]?.children).toBe(3); // C1, C2, C2b
    const c2 = run.nodes.find((n) => n.external_id === "C2");
    const c2b = run.nodes.find((n) => n.external_id === "C2b");
    expect(c2?.attempt).toMatchObject({ n: 1, of: 2, previous: null, next: { external_id: "C2b" } });
    expect(c2b?.attempt).toMatchObject({ n: 2, of: 2, previous: { external_id: "C2" }, next: null });
    expect(c2b).toMatchObject({
      step: "review",
      status: "succeeded",
      agent: "agent-C2b",
      duration_ms: 6 * 60_000,
    });

    expect(shape(await runOf(reverse, "R"))).toEqual(shape(run));
    expect(shape(await runOf(random, "R"))).toEqual(shape(run));
    // any job of the run gives the run
    const fromG = await runOf(random, "G");
    expect(shape({ ...fromG, job_external_id: "R" })).toEqual(shape(run));
    expect(fromG.job_external_id).toBe("G");
  });

  it("shows a retry chain of 3 attempts as attempt n of 3 with links both ways", async () => {
    const p = (await createTestProject(handle)).id;
    await ingestInto(p, [
      [
        ...job("A3", 20, 25, { in: 30, out: 3, cost: 0.03 }, { retry_of: "A2" }),
        ...job("A1", 0, 5, { in: 10, out: 1, cost: 0.01 }, {}, "failed"),
        ...job("A2", 10, 15, { in: 20, out: 2, cost: 0.02 }, { retry_of: "A1" }, "failed"),
      ],
    ]);
    const run = await runOf(p, "A2");
    expect(run.root_external_id).toBe("A1");
    // the retries of the root sit next to it, at the top
    expect(run.nodes.map((n) => [n.external_id, n.depth, n.attempt?.n, n.attempt?.of])).toEqual([
      ["A1", 0, 1, 3],
      ["A2", 0, 2, 3],
      ["A3", 0, 3, 3],
    ]);
    const a2 = run.nodes[1];
    expect(a2?.attempt?.previous?.external_id).toBe("A1");
    expect(a2?.attempt?.next?.external_id).toBe("A3");
    expect(a2?.attempt?.previous?.id).toBe(run.nodes[0]?.id);
    // 0.01 + 0.02 + 0.03 = 0.06; two failed attempts
    expect(run.totals).toMatchObject({ cost_usd: 0.06, jobs: 3, failures: 2 });
  });

  it("puts a child that arrives before its parent under a placeholder, and the same tree once the parent arrives", async () => {
    const p = (await createTestProject(handle)).id;
    const child = job("K", 5, 9, { in: 50, out: 5, cost: 0.5 }, { parent_job: "P" });
    await ingestInto(p, [child]);
    const before = await runOf(p, "K");
    expect(before.root_external_id).toBe("P");
    expect(before.root_id).toBeNull();
    expect(before.nodes.map((n) => [n.external_id, n.depth, n.placeholder])).toEqual([
      ["P", 0, true],
      ["K", 1, false],
    ]);
    expect(before.totals).toMatchObject({ cost_usd: 0.5, jobs: 1 });
    await ingestInto(p, [job("P", 0, 20, { in: 100, out: 10, cost: 0.25 })]);
    const after = await runOf(p, "K");
    expect(after.nodes.map((n) => [n.external_id, n.depth, n.placeholder])).toEqual([
      ["P", 0, false],
      ["K", 1, false],
    ]);
    // 0.25 + 0.5
    expect(after.totals).toMatchObject({ cost_usd: 0.75, jobs: 2 });
  });

  it("does not hang on a parent_job loop, and gives every job of the loop the same root", async () => {
    const p = (await createTestProject(handle)).id;
    await ingestInto(p, [
      [
        ...job("X", 0, 5, { in: 1, out: 1, cost: 0.1 }, { parent_job: "Y" }),
        ...job("Y", 1, 5, { in: 1, out: 1, cost: 0.2 }, { parent_job: "Z" }),
        ...job("Z", 2, 5, { in: 1, out: 1, cost: 0.3 }, { parent_job: "X" }),
        ...job("W", 3, 5, { in: 1, out: 1, cost: 0.4 }, { parent_job: "Y" }),
      ],
    ]);
    const runs = await Promise.all(["X", "Y", "Z", "W"].map((id) => runOf(p, id)));
    // the loop X -> Y -> Z -> X ends at its smallest id, X
    for (const r of runs) expect(r.root_external_id).toBe("X");
    expect(runs[0]?.nodes.map((n) => `${n.depth}${n.external_id}`)).toEqual(["0X", "1Z", "2Y", "3W"]);
    // 0.1 + 0.2 + 0.3 + 0.4 = 1.0
    expect(runs[3]?.totals).toMatchObject({ cost_usd: 1, jobs: 4 });
  });

  it("takes jobs naming the run in root_job and leaves out a job that names another run", async () => {
    const p = (await createTestProject(handle)).id;
    await ingestInto(p, [
      [
        ...job("Q", 0, 30, { in: 1, out: 1, cost: 0.01 }),
        // a pipeline step that names its run but whose parent is not reported yet
        ...job("S2", 10, 12, { in: 1, out: 1, cost: 0.02 }, { root_job: "Q", parent_job: "S1" }),
        // a child of Q that belongs to another run
        ...job("O", 11, 13, { in: 1, out: 1, cost: 0.04 }, { root_job: "other", parent_job: "Q" }),
      ],
    ]);
    const run = await runOf(p, "S2");
    expect(run.nodes.map((n) => [n.external_id, n.depth, n.placeholder])).toEqual([
      ["Q", 0, false],
      ["S1", 1, true],
      ["S2", 2, false],
    ]);
    expect(run.totals).toMatchObject({ cost_usd: 0.03, jobs: 2 });
    expect((await runOf(p, "O")).root_external_id).toBe("other");
  });
});

describe("a run past the job limit", () => {
  it(`stops at ${RUN_JOB_LIMIT} jobs and says it was cut`, async () => {
    const p = (await createTestProject(handle)).id;
    // the root and RUN_JOB_LIMIT + 5 children: 2,006 jobs, of which 2,000 are read
    const children = Array.from({ length: RUN_JOB_LIMIT + 5 }, (_, i) => ({
      id: `big-${i}`,
      type: "job.started",
      time: at(1 + i / 1000),
      job: `big-${i}`,
      agent: "swarm",
      data: { harness: "claude-code", parent_job: "BIG" },
    }));
    await ingestInto(p, [
      [{ id: "BIG-s", type: "job.started", time: at(0), job: "BIG", agent: "lead", data: { harness: "x" } }],
      children.slice(0, 700),
      children.slice(700, 1400),
      children.slice(1400),
    ]);
    const run = await runOf(p, "big-3");
    expect(run.truncated).toBe(true);
    expect(run.job_limit).toBe(RUN_JOB_LIMIT);
    expect(run.totals.jobs).toBe(RUN_JOB_LIMIT);
    expect(run.nodes.filter((n) => !n.placeholder)).toHaveLength(RUN_JOB_LIMIT);
    const small = await runOf(p, "BIG");
    expect(small.root_external_id).toBe("BIG");
  });
});

describe("GET /api/v1/runs/{id}", () => {
  it("answers the run by either id, parsed by the route's schema, and 404 for an unknown job", async () => {
    const p = (await createTestProject(handle)).id;
    await ingestInto(p, [TREE]);
    const key = (await createApiKey({ db: handle.db, projectId: p, name: "read", scopes: ["read"] })).key;
    const call = (id: string) =>
      getRunRoute(
        new Request(`http://fleetwatch.test/api/v1/runs/${encodeURIComponent(id)}`, {
          headers: { authorization: `Bearer ${key}` },
        }),
        { params: Promise.resolve({ id }) },
      );
    const res = await call("G");
    expect(res.status).toBe(200);
    const body = runSchema.parse(await res.json());
    expect(body.root_external_id).toBe("R");
    expect(body.totals.cost_usd).toBe(0.595);
    const byUuid = runSchema.parse(await (await call(body.root_id as string)).json());
    expect(byUuid.nodes).toEqual(body.nodes);
    const missing = await call("nope");
    expect(missing.status).toBe(404);
    expect(errorResponseSchema.parse(await missing.json()).error.code).toBe("not_found");
  });
});

describe("sub-agent jobs and the Task calls that started them", () => {
  it("links each Task call to the child job that started between the call and its result, and back", async () => {
    const p = (await createTestProject(handle)).id;
    const call = (id: string, min: number, prompt: string): Ev => ({
      id,
      type: "job.tool_call",
      time: at(min),
      job: "L",
      data: { call_id: `call-${id}`, tool: "Task", input: { prompt } },
    });
    const result = (id: string, min: number): Ev => ({
      id: `${id}-r`,
      type: "job.tool_result",
      time: at(min),
      job: "L",
      data: { call_id: `call-${id}`, output: "done" },
    });
    await ingestInto(p, [
      [
        ...job("L", 0, 40, { in: 1, out: 1, cost: 0.01 }),
        call("t1", 2, "explore"),
        result("t1", 10),
        call("t2", 12, "write"),
        result("t2", 30),
        // t1 ran 2..10, t2 12..30: SA started at 3 belongs to t1, SB at 13 to t2
        ...job("SB", 13, 29, { in: 1, out: 1, cost: 0.01 }, { parent_job: "L" }),
        ...job("SA", 3, 9, { in: 1, out: 1, cost: 0.01 }, { parent_job: "L" }),
      ],
    ]);
    const parent = await runOf(p, "L");
    const ids = new Map(parent.nodes.map((n) => [n.external_id, n.id as string]));
    const links = await getSpawnLinks({
      db: handle.db,
      projectId: p,
      job: { id: ids.get("L") as string, external_id: "L", parent_job: null },
    });
    expect(
      Object.fromEntries(
        Object.entries(links.byCall).map(([c, kids]) => [c, kids.map((k) => k.external_id)]),
      ),
    ).toEqual({ "call-t1": ["SA"], "call-t2": ["SB"] });
    const back = await getSpawnLinks({
      db: handle.db,
      projectId: p,
      job: { id: ids.get("SB") as string, external_id: "SB", parent_job: "L" },
    });
    expect(back.startedBy).toEqual({ job_id: ids.get("L"), external_id: "L", entry_id: "t2" });
    expect(back.parent).toEqual({ id: ids.get("L"), external_id: "L", title: "Job L" });
    expect(links.parent).toBeNull();
  });
});
