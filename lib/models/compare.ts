// Two models (or two harnesses / harness versions) side by side over the same kind of work: both sides are
// restricted to the jobs whose repo (or label value) both sides worked on in the range.
import { and, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import { badRequest } from "@/lib/http/errors";
import type { ResolvedRange } from "@/lib/range/range";
import { rangeView } from "@/lib/range/resolve";
import { emptyFigureRow, figureColumns, inRange, toFigures } from "./figures";
import type { CompareQuery, CompareResponse, CompareSide } from "./schemas";

export const MAX_KEYS_SHOWN = 20;

/** The jobs of one side: a model, or a harness (name, or name@version). */
export function sidePredicate(dimension: CompareQuery["dimension"], value: string): SQL {
  if (dimension === "model") return eq(job.model, value);
  const at = value.indexOf("@");
  if (at < 0) return eq(job.harness, value);
  const version = value.slice(at + 1);
  return and(
    eq(job.harness, value.slice(0, at)),
    version ? eq(job.harnessVersion, version) : isNull(job.harnessVersion),
  ) as SQL;
}

/** The kind of work a job is: its repo, or the value of one of its labels (object labels only). */
export function workKey(match: string): SQL | null {
  if (match === "none") return null;
  if (match === "repo") return sql`${job.repo}`;
  const key = match.slice("label:".length);
  return sql`(case when jsonb_typeof(${job.labels}) = 'object' then ${job.labels} ->> ${key} end)`;
}

export async function compareSides({
  db,
  projectId,
  range,
  query,
}: {
  db: DbOrTx;
  projectId: string;
  range: ResolvedRange;
  query: Pick<CompareQuery, "dimension" | "a" | "b" | "match">;
}): Promise<CompareResponse> {
  if (query.a === query.b) throw badRequest("Pick two different values to compare (a and b are the same).");
  const name = (v: string) => v.split("@")[0];
  if (
    query.dimension === "harness" &&
    name(query.a) === name(query.b) &&
    !(query.a.includes("@") && query.b.includes("@"))
  ) {
    throw badRequest("Compare two harnesses, or two versions of one harness (name@version on both sides).");
  }
  const pa = sidePredicate(query.dimension, query.a);
  const pb = sidePredicate(query.dimension, query.b);
  const side = sql<"a" | "b">`(case when ${pa} then 'a' else 'b' end)`;
  const base = and(inRange(projectId, range), or(pa, pb)) as SQL;
  const key = workKey(query.match);

  // Work keys both sides have (a set, bounded by the jobs in range; only its size leaves the database).
  const shared = key
    ? sql`(select k from (select ${key} as k, ${side} as s from ${job} where ${base}) w where k is not null group by k having count(distinct s) = 2)`
    : null;
  // `= any(array(...))`: the set is computed once (an InitPlan), then each job is one array test; with `in`,
  // the planner expects one shared key and joins it in a nested loop that re-reads the range per key.
  const where = key && shared ? (and(base, sql`${key} = any(array${shared})`) as SQL) : base;
  // The queries below are independent: run together, the page waits for the slowest, not for their sum.
  const [totals, sharedCount, perKey, rows, classRows] = await Promise.all([
    // Everything each side did in the range, shared work or not.
    db.select({ side, n: sql<number>`count(*)::int` }).from(job).where(base).groupBy(sql`1`),
    shared
      ? db.select({ n: sql<number>`count(*)::int` }).from(sql`${shared} as shared_keys`)
      : Promise.resolve([]),
    key
      ? db
          .select({
            key: sql<string>`${key}`,
            side,
            jobs: sql<number>`count(*)::int`,
            succeeded: sql<number>`(count(*) filter (where ${job.status} = 'succeeded'))::int`,
            finished: sql<number>`(count(*) filter (where ${job.status} in ('succeeded', 'failed')))::int`,
          })
          .from(job)
          .where(
            and(
              where,
              sql`${key} = any(array(select k from (select ${key} as k, count(*) as n from ${job} where ${where} group by 1 order by n desc, k limit ${MAX_KEYS_SHOWN}) top))`,
            ),
          )
          .groupBy(sql`1`, sql`2`)
      : Promise.resolve([]),
    db
      .select({ side, ...figureColumns })
      .from(job)
      .where(where)
      .groupBy(sql`1`),
    db
      .select({
        side,
        cls: sql<string>`coalesce(${job.failureClass}, 'unknown')`,
        n: sql<number>`count(*)::int`,
      })
      .from(job)
      .where(and(where, eq(job.status, "failed")))
      .groupBy(sql`1`, sql`2`),
  ]);
  const sharedKeys = key ? (sharedCount[0]?.n ?? 0) : 0;
  const zero = { jobs: 0, finished: 0, succeeded: 0 };
  const byKey = new Map<string, CompareResponse["keys"][number]>();
  for (const r of perKey) {
    const k = byKey.get(r.key) ?? { key: r.key, a: zero, b: zero };
    k[r.side] = { jobs: r.jobs, finished: r.finished, succeeded: r.succeeded };
    byKey.set(r.key, k);
  }
  const keys = [...byKey.values()].sort(
    (x, y) => y.a.jobs + y.b.jobs - (x.a.jobs + x.b.jobs) || x.key.localeCompare(y.key),
  );

  const build = (s: "a" | "b", value: string): CompareSide => {
    const row = rows.find((r) => r.side === s);
    const classes = classRows.filter((r) => r.side === s).map((r) => ({ failure_class: r.cls, count: r.n }));
    return {
      value,
      jobs_in_range: totals.find((t) => t.side === s)?.n ?? 0,
      ...toFigures({ ...emptyFigureRow, ...row }, classes),
    };
  };
  const a = build("a", query.a);
  const b = build("b", query.b);
  const overlap =
    a.success_ci && b.success_ci
      ? a.success_ci.low <= b.success_ci.high && b.success_ci.low <= a.success_ci.high
      : null;
  return {
    range: rangeView(range),
    dimension: query.dimension,
    match: query.match,
    shared_keys: sharedKeys,
    a,
    b,
    success_rate_difference:
      a.success_rate !== null && b.success_rate !== null ? a.success_rate - b.success_rate : null,
    intervals_overlap: overlap,
    keys,
  };
}
