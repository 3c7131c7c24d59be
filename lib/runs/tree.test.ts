import { describe, expect, it } from "vitest";
import type { RunJob } from "./schemas";
import { buildRun, ROOT_WALK_LIMIT, resolveRoot } from "./tree";

type L = { parent?: string; root?: string; retry_of?: string };
const lookupOf = (links: Record<string, L>) => (ext: string) => {
  const l = links[ext];
  return l ? { parent: l.parent ?? null, root: l.root ?? null, retry_of: l.retry_of ?? null } : undefined;
};

function j(
  ext: string,
  min: number,
  l: L = {},
  cost: number | null = 0.1,
  status: RunJob["status"] = "succeeded",
): RunJob {
  const at = new Date(Date.UTC(2026, 0, 1, 0, min)).toISOString();
  return {
    id: `id-${ext}`,
    external_id: ext,
    parent: l.parent ?? null,
    root: l.root ?? null,
    retry_of: l.retry_of ?? null,
    title: null,
    agent: null,
    model: null,
    step: null,
    status,
    started_at: at,
    ended_at: at,
    sort_at: at,
    duration_ms: 0,
    cost_usd: cost,
    tokens: { input: 1, output: 2, cache_read: 3, cache_write: 4 },
  };
}

const build = (root: string, jobs: RunJob[]) =>
  buildRun({ rootExternalId: root, jobExternalId: root, jobs, truncated: false, jobLimit: 2000 });
const outline = (jobs: ReturnType<typeof build>) =>
  jobs.nodes.map((n) => `${n.depth}:${n.external_id}${n.placeholder ? "?" : ""}`);

describe("resolveRoot", () => {
  it("takes root_job, else the top of the parent chain, else a retry's retried job", () => {
    const links = {
      a: {},
      b: { parent: "a" },
      c: { parent: "b" },
      d: { root: "z", parent: "c" },
      r: { retry_of: "c" },
    };
    expect(resolveRoot("c", lookupOf(links))).toBe("a");
    expect(resolveRoot("d", lookupOf(links))).toBe("z");
    expect(resolveRoot("r", lookupOf(links))).toBe("a");
  });

  it("stops at a job not reported yet: it is the root", () => {
    expect(resolveRoot("k", lookupOf({ k: { parent: "p" } }))).toBe("p");
  });

  it("ends a loop at its smallest id, from wherever it starts", () => {
    const links = {
      m: { parent: "n" },
      n: { parent: "o" },
      o: { parent: "m" },
      x: { parent: "o" },
      s: { parent: "s" },
    };
    for (const start of ["m", "n", "o", "x"]) expect(resolveRoot(start, lookupOf(links))).toBe("m");
    expect(resolveRoot("s", lookupOf(links))).toBe("s");
  });

  it("stops after ROOT_WALK_LIMIT steps up a very deep chain", () => {
    const links: Record<string, L> = {};
    for (let i = 0; i < 200; i++) links[`j${i}`] = i === 0 ? {} : { parent: `j${i - 1}` };
    // from j199 the walk takes 64 steps up: j199 -> ... -> j135 is where it stops
    expect(resolveRoot("j199", lookupOf(links))).toBe(`j${199 - ROOT_WALK_LIMIT}`);
  });
});

describe("buildRun", () => {
  it("rolls costs up in 8 decimals: 0.1 + 0.2 is 0.3", () => {
    const run = build("a", [j("a", 0, {}, 0.1), j("b", 1, { parent: "a" }, 0.2)]);
    expect(run.totals.cost_usd).toBe(0.3);
    // tokens: 2 jobs x (1, 2, 3, 4)
    expect(run.totals.tokens).toEqual({ input: 2, output: 4, cache_read: 6, cache_write: 8 });
  });

  it("gives null cost when no job has one, and counts failures and running jobs", () => {
    const run = build("a", [j("a", 0, {}, null, "running"), j("b", 1, { parent: "a" }, null, "failed")]);
    expect(run.totals).toMatchObject({ cost_usd: null, jobs: 2, failures: 1, running: 1 });
  });

  it("puts a retry of a job not reported yet next to a placeholder for it, as attempt 2", () => {
    const run = build("a", [j("a", 0), j("c2b", 5, { parent: "a", retry_of: "c2" })]);
    expect(outline(run)).toEqual(["0:a", "1:c2?", "1:c2b"]);
    expect(run.nodes[2]?.attempt).toEqual({ n: 2, of: 2, previous: null, next: null });
    expect(run.nodes[1]?.attempt).toMatchObject({ n: 1, of: 2, next: { external_id: "c2b" } });
  });

  it("hangs a loop that names the run in root_job under the root instead of losing it", () => {
    const run = build("r", [
      j("r", 0),
      j("c", 1, { root: "r", parent: "d" }),
      j("d", 2, { root: "r", parent: "c" }),
    ]);
    expect(outline(run)).toEqual(["0:r", "1:c", "2:d"]);
    expect(run.nodes[0]?.children).toBe(1);
    expect(run.totals.jobs).toBe(3);
  });

  it("gives the same nodes whatever order the jobs come in", () => {
    const jobs = [
      j("r", 0),
      j("b", 3, { parent: "r" }),
      j("a", 1, { parent: "r" }),
      j("a2", 2, { parent: "r", retry_of: "a" }),
      j("g", 4, { parent: "a" }),
    ];
    const forward = build("r", jobs);
    expect(outline(forward)).toEqual(["0:r", "1:a", "2:g", "1:a2", "1:b"]);
    expect(build("r", [...jobs].reverse())).toEqual(forward);
  });
});
