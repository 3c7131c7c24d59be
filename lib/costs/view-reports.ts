// The Costs page's reports for its views (the chart's and the top table's, query-options.ts topView), read together
// through costsReports when they cover the same projects and bucket: the unpriced models and the month to date are
// read once rather than once per view.
import type { DbOrTx } from "@/db/client";
import type { ResolvedRange } from "@/lib/range/range";
import { type CostFilters, costsReport, costsReports, type ScopeProject, scopeProjects } from "./queries";
import type { CostsView } from "./query-options";
import type { CostsReport } from "./schemas";

const sameProjects = (a: ScopeProject[], b: ScopeProject[]) =>
  a.length === b.length && a.every((p, i) => p.id === b[i]?.id && p.slug === b[i]?.slug);

/** One report per view, in the views' order; each is what costsReport gives for that view alone. */
export async function viewReports({
  db,
  projectId,
  user,
  range,
  views,
  filters,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  /** the session's user; null for an API key */
  user: { id: string } | null;
  range: Pick<ResolvedRange, "from" | "to" | "bucket">;
  views: Pick<CostsView, "group_by" | "bucket">[];
  filters: CostFilters;
  now?: Date;
}): Promise<CostsReport[]> {
  const scoped = await Promise.all(
    views.map((v) => scopeProjects({ db, projectId, groupBy: v.group_by, user })),
  );
  const buckets = views.map((v) => v.bucket ?? range.bucket);
  const [projects = [], bucket = range.bucket] = [scoped[0], buckets[0]];
  const groupBys = views.map((v) => v.group_by);
  const together =
    new Set(groupBys).size === groupBys.length &&
    scoped.every((p) => sameProjects(p, projects)) &&
    buckets.every((b) => b === bucket);
  if (together) return costsReports({ db, projects, range, bucket, groupBys, filters, now });
  return Promise.all(
    views.map((v, i) =>
      costsReport({
        db,
        projects: scoped[i] ?? [],
        range,
        bucket: buckets[i],
        groupBy: v.group_by,
        filters,
        now,
      }),
    ),
  );
}
