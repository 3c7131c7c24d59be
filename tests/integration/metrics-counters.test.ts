// Prometheus counters never go down: re-classifying the failure history (a rule applied to past failures) moves
// jobs between failure classes, which a per-class `_total` counter would show as a decrease (a reset to
// Prometheus, and a spurious spike in increase()). Scrape, re-classify, scrape again through GET /api/metrics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { reclassifyProject } from "@/lib/failures/reclassify";
import { createRule } from "@/lib/failures/rule-queries";
import { createTestProject } from "../helpers/db";
import { seedFleet } from "./models-fleet";

type Scrape = { types: Map<string, string>; samples: Map<string, number> };

/** The text format parsed into `# TYPE` lines and samples keyed by `name{labels}`. */
function parse(text: string): Scrape {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    const sample = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (sample) samples.set(sample[1] as string, Number(sample[2]));
  }
  return { types, samples };
}

describe("GET /api/metrics across a re-classification", () => {
  let handle: DbHandle;
  let projectId: string;
  let slug: string;
  let key: string;
  const scrape = async () => {
    const res = await metricsRoute(
      new Request("http://fleetwatch.test/api/metrics", { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    return parse(await res.text());
  };
  beforeAll(async () => {
    handle = await getDbHandle();
    const p = await createTestProject(handle);
    projectId = p.id;
    slug = p.slug;
    await seedFleet(handle, projectId);
    key = (await createApiKey({ db: handle.db, projectId, name: "prom", scopes: ["read"] })).key;
  });
  afterAll(async () => {
    await handle.close();
  });

  it("keeps every _total series from going down, and moves the per-class gauge", async () => {
    const before = await scrape();
    // The fleet's 14 failures: the first failure of each of the 5 cells is a rate limit (5), the other 9 hit
    // "Reached the maximum number of turns (40)" (max_turns).
    const cls = (s: Scrape, c: string) =>
      s.samples.get(`fleetwatch_job_failures{project="${slug}",failure_class="${c}"}`);
    expect(before.types.get("fleetwatch_job_failures")).toBe("gauge");
    expect([cls(before, "rate_limit"), cls(before, "max_turns"), cls(before, "timeout")]).toEqual([5, 9, 0]);

    // A team decides that running out of turns is a timeout here, and applies the rule to history.
    await createRule({
      db: handle.db,
      projectId,
      body: { name: "turns are time", failure_class: "timeout", message_pattern: "maximum number of turns" },
    });
    expect(await reclassifyProject({ db: handle.db, projectId })).toMatchObject({ done: 14, changed: 9 });

    const after = await scrape();
    // The 9 max_turns failures are timeouts now: max_turns 9 -> 0, timeout 0 -> 9, rate_limit stays 5.
    expect([cls(after, "rate_limit"), cls(after, "max_turns"), cls(after, "timeout")]).toEqual([5, 0, 9]);

    // Every counter's series: present after, never lower than before.
    const counters = [...before.types].filter(([, t]) => t === "counter").map(([name]) => name);
    expect(counters.length).toBeGreaterThan(0);
    for (const name of counters) expect(name.endsWith("_total"), name).toBe(true);
    // Prometheus naming: a gauge (a count that may go down) never carries the counter suffix.
    const gauges = [...before.types].filter(([, t]) => t === "gauge").map(([name]) => name);
    expect(gauges.filter((name) => name.endsWith("_total"))).toEqual([]);
    const decreased = [...before.samples]
      .filter(([series]) => counters.some((c) => series.startsWith(`${c}{`) || series === c))
      .filter(([series, v]) => !((after.samples.get(series) ?? Number.NEGATIVE_INFINITY) >= v))
      .map(([series, v]) => `${series}: ${v} -> ${after.samples.get(series)}`);
    expect(decreased).toEqual([]);
    // and no `_total` series (whatever its declared type) went down either
    const totals = [...before.samples].filter(([series]) => /^[a-z_]+_total(\{|$)/.test(series));
    expect(totals.length).toBeGreaterThan(0);
    for (const [series, v] of totals) expect(after.samples.get(series), series).toBeGreaterThanOrEqual(v);
  });
});
