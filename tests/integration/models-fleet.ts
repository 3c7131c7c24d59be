// A small hand-written fleet for the overview, models and metrics tests, ingested through the write path.
// Every figure the tests expect is worked out by hand from the table below (see the test files).
//
// NOW = 2026-03-10T12:00Z; the 24h range is 2026-03-09T12:00Z .. NOW. Each cell's job i (1..n) starts at
// NOW - 22h + 4h * cell + 10 min * i, reports one usage event 30 s after its start with `cost` dollars, and
// (when finished) ends after i * factor minutes. The first `succeeded` jobs succeed, the next `failed` fail
// (the first failure of a cell is a rate limit, the others hit max turns), then `cancelled`, then running.
//
// cell  model    harness  agent  n   ok  fail  cancel  run  cost  factor  repo                         labels
// 0     m-alpha  h-one    ada    12  10  2     0       0    0.50  1       acme/api (i<=6), acme/web
// 1     m-beta   h-one    bob    10  5   5     0       0    0.20  2       acme/api
// 2     m-alpha  h-two    cy     10  9   1     0       0    0.40  3       acme/docs                    tier=gold
// 3     m-beta   h-two    dee    12  6   4     1       1    0.10  1       acme/web
// 4     m-gamma  h-two    eve    4   3   1     0       0    1.00  1       acme/api                     tier=gold
//
// Also: 3 jobs of ada on m-alpha/h-one in the previous range (NOW - 30h + 10 min * i, $0.50 each, 2 succeed,
// the third hits max turns); 1 job only queued (no agent, model or harness) 2 h ago; m-alpha/h-two's
// succeeded jobs report a score (0.5 for odd i, 1.0 for even i); heartbeats: ada..eve idle 5 minutes ago,
// fay idle 2 hours ago (offline: the project's offline time is 30 minutes), gus 10 days ago (retired).
import { expect } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";

export const NOW = new Date("2026-03-10T12:00:00.000Z");
const MIN = 60_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

type Cell = {
  model: string;
  harness: string;
  agent: string;
  n: number;
  ok: number;
  fail: number;
  cancel: number;
  cost: number;
  factor: number;
  repo: (i: number) => string;
  labels?: Record<string, string>;
  score?: (i: number) => number;
};

export const CELLS: Cell[] = [
  {
    model: "m-alpha",
    harness: "h-one",
    agent: "ada",
    n: 12,
    ok: 10,
    fail: 2,
    cancel: 0,
    cost: 0.5,
    factor: 1,
    repo: (i) => (i <= 6 ? "acme/api" : "acme/web"),
  },
  {
    model: "m-beta",
    harness: "h-one",
    agent: "bob",
    n: 10,
    ok: 5,
    fail: 5,
    cancel: 0,
    cost: 0.2,
    factor: 2,
    repo: () => "acme/api",
  },
  {
    model: "m-alpha",
    harness: "h-two",
    agent: "cy",
    n: 10,
    ok: 9,
    fail: 1,
    cancel: 0,
    cost: 0.4,
    factor: 3,
    repo: () => "acme/docs",
    labels: { tier: "gold" },
    score: (i) => (i % 2 === 1 ? 0.5 : 1),
  },
  {
    model: "m-beta",
    harness: "h-two",
    agent: "dee",
    n: 12,
    ok: 6,
    fail: 4,
    cancel: 1,
    cost: 0.1,
    factor: 1,
    repo: () => "acme/web",
  },
  {
    model: "m-gamma",
    harness: "h-two",
    agent: "eve",
    n: 4,
    ok: 3,
    fail: 1,
    cancel: 0,
    cost: 1,
    factor: 1,
    repo: () => "acme/api",
    labels: { tier: "gold" },
  },
];

const RATE_LIMIT = {
  type: "rate_limit_error",
  message: "429 Too Many Requests: rate limit exceeded",
  code: "429",
};
const MAX_TURNS = { type: "max_turns", message: "Reached the maximum number of turns (40)" };

function jobEvents(
  id: string,
  c: Cell,
  start: number,
  i: number,
  outcome: "ok" | "fail" | "cancel" | "run",
  firstFailure: boolean,
) {
  const events: object[] = [
    {
      id: `${id}-s`,
      type: "job.started",
      time: at(start),
      job: id,
      agent: c.agent,
      data: {
        title: `${c.model} on ${c.harness} #${i}`,
        harness: c.harness,
        harness_version: "1.0",
        model: c.model,
        repo: c.repo(i),
        ...(c.labels ? { labels: c.labels } : {}),
      },
    },
    {
      id: `${id}-u`,
      type: "job.usage",
      time: at(start + 30_000),
      job: id,
      data: { model: c.model, input_tokens: 1000, output_tokens: 100, cost_usd: c.cost },
    },
  ];
  const end = at(start + i * c.factor * MIN);
  if (outcome === "ok")
    events.push({
      id: `${id}-e`,
      type: "job.completed",
      time: end,
      job: id,
      data: c.score ? { score: c.score(i) } : {},
    });
  if (outcome === "fail")
    events.push({
      id: `${id}-e`,
      type: "job.failed",
      time: end,
      job: id,
      data: { error: firstFailure ? RATE_LIMIT : MAX_TURNS },
    });
  if (outcome === "cancel")
    events.push({ id: `${id}-e`, type: "job.cancelled", time: end, job: id, data: { reason: "operator" } });
  return events;
}

export function fleetEvents(): object[] {
  const events: object[] = [];
  CELLS.forEach((c, cell) => {
    for (let i = 1; i <= c.n; i++) {
      const outcome =
        i <= c.ok ? "ok" : i <= c.ok + c.fail ? "fail" : i <= c.ok + c.fail + c.cancel ? "cancel" : "run";
      const start = -22 * 60 * MIN + cell * 4 * 60 * MIN + i * 10 * MIN;
      events.push(...jobEvents(`c${cell}-${i}`, c, start, i, outcome, i === c.ok + 1));
    }
  });
  const first = CELLS[0] as Cell;
  for (let i = 1; i <= 3; i++) {
    const start = -30 * 60 * MIN + i * 10 * MIN;
    events.push(...jobEvents(`prev-${i}`, first, start, i, i <= 2 ? "ok" : "fail", false));
  }
  events.push({
    id: "q-1",
    type: "job.queued",
    time: at(-120 * MIN),
    job: "q-1",
    data: { title: "Waiting" },
  });
  for (const name of ["ada", "bob", "cy", "dee", "eve"])
    events.push({
      id: `hb-${name}`,
      type: "agent.heartbeat",
      time: at(-5 * MIN),
      agent: name,
      data: { status: "idle" },
    });
  events.push({
    id: "hb-fay",
    type: "agent.heartbeat",
    time: at(-120 * MIN),
    agent: "fay",
    data: { status: "idle" },
  });
  events.push({
    id: "hb-gus",
    type: "agent.heartbeat",
    time: at(-10 * 24 * 60 * MIN),
    agent: "gus",
    data: { status: "idle" },
  });
  return events;
}

export async function seedFleet(handle: DbHandle, projectId: string) {
  const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: fleetEvents() });
  expect(r.rejected).toBe(0);
}
