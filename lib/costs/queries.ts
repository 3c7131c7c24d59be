// Named queries of the Costs page and API. Spend and tokens read the hourly rollup (usage_hourly), outcomes read
// the job table (range on sort_at): never the raw event table. Every function takes the project ids in scope.
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { project, usageHourly } from "@/db/schema";
import { accessibleProjects } from "@/lib/projects/access";
import type { Bucket, ResolvedRange } from "@/lib/range/range";
import { usageSource } from "@/lib/rollups/usage-daily";
import { localDate, monthBounds } from "@/lib/time/zone";
import type { CostGroup, CostsReport, UsageFigures } from "./schemas";
import { hourFloor, spendWindow, usageInRange, usageSpend } from "./spend";

export type CostFilters = { agent?: string; model?: string; harness?: string };
export type ScopeProject = { id: string; slug: string };

const DAY = 86_400_000;

/**
 * The projects a costs report covers: the project in view, or with group_by "project" every project the signed-in
 * caller may see (lib/projects/access.ts; a key only its own).
 */
export async function scopeProjects({
  db,
  projectId,
  groupBy,
  user,
}: {
  db: DbOrTx;
  projectId: string;
  groupBy: CostGroup;
  /** the session's user; null for an API key */
  user: { id: string } | null;
}): Promise<ScopeProject[]> {
  if (groupBy === "project" && user) {
    return (await accessibleProjects(db, user)).map((p) => ({ id: p.id, slug: p.slug }));
  }
  return db
    .select({ id: project.id, slug: project.slug })
    .from(project)
    .where(eq(project.id, projectId))
    .orderBy(project.createdAt, project.slug);
}
const ISO_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

const FIGURES = {
  cost_usd: usageSpend,
  reported_cost_usd: sql<number>`coalesce(sum(${usageHourly.reportedCostUsd}), 0)::float8`,
  computed_cost_usd: sql<number>`coalesce(sum(${usageHourly.computedCostUsd}), 0)::float8`,
  input_tokens: sql<number>`coalesce(sum(${usageHourly.inputTokens}), 0)::float8`,
  output_tokens: sql<number>`coalesce(sum(${usageHourly.outputTokens}), 0)::float8`,
  cache_read_tokens: sql<number>`coalesce(sum(${usageHourly.cacheReadTokens}), 0)::float8`,
  cache_write_tokens: sql<number>`coalesce(sum(${usageHourly.cacheWriteTokens}), 0)::float8`,
  usage_events: sql<number>`coalesce(sum(${usageHourly.usageEvents}), 0)::int`,
  unpriced_events: sql<number>`coalesce(sum(${usageHourly.unpricedEvents}), 0)::int`,
};
const FIGURE_KEYS = Object.keys(FIGURES) as (keyof UsageFigures)[];

const GROUP_COLUMN: Record<CostGroup, SQL<string>> = {
  model: sql<string>`${usageHourly.model}`,
  agent: sql<string>`${usageHourly.agentName}`,
  harness: sql<string>`${usageHourly.harness}`,
  project: sql<string>`${usageHourly.projectId}::text`,
};

export function emptyFigures(): UsageFigures {
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as UsageFigures;
}

function addFigures(into: UsageFigures, from: UsageFigures) {
  for (const k of FIGURE_KEYS) into[k] += from[k];
}

/** cache_read / (input + cache_read + cache_write); null when there was no input at all. */
export function cacheHitRate(
  f: Pick<UsageFigures, "input_tokens" | "cache_read_tokens" | "cache_write_tokens">,
) {
  const all = f.input_tokens + f.cache_read_tokens + f.cache_write_tokens;
  return all > 0 ? f.cache_read_tokens / all : null;
}

function usageWhere(projectIds: string[], from: Date, to: Date, filters: CostFilters): SQL {
  const where: SQL[] = [
    projectIds.length === 1
      ? eq(usageHourly.projectId, projectIds[0] as string)
      : inArray(usageHourly.projectId, projectIds),
    // spend in range (lib/costs/spend.ts): the hour containing `from` counts whole
    usageInRange({ from, to }),
  ];
  if (filters.agent) where.push(eq(usageHourly.agentName, filters.agent));
  if (filters.model) where.push(eq(usageHourly.model, filters.model));
  if (filters.harness) where.push(eq(usageHourly.harness, filters.harness));
  return and(...where) as SQL;
}

/**
 * Month to date of the calendar month of `now` in `timeZone` (the project's; UTC across projects), with a
 * forecast linear on the month's daily run rate.
 */
export function monthToDate(costUsd: number, now: Date, timeZone = "UTC"): CostsReport["month_to_date"] {
  const { start, end } = monthBounds(now, timeZone);
  const daysInMonth = Math.round((end.getTime() - start.getTime()) / DAY);
  const daysElapsed = Math.max((now.getTime() - start.getTime()) / DAY, 1 / 24);
  const rate = costUsd / daysElapsed;
  return {
    month: localDate(start, timeZone).slice(0, 7),
    cost_usd: costUsd,
    days_elapsed: daysElapsed,
    days_in_month: daysInMonth,
    daily_rate_usd: rate,
    forecast_usd: rate * daysInMonth,
  };
}

type ReportParams = {
  db: DbOrTx;
  projects: ScopeProject[];
  range: Pick<ResolvedRange, "from" | "to" | "bucket">;
  bucket?: Bucket;
  groupBy: CostGroup;
  filters?: CostFilters;
  now?: Date;
};

/**
 * Spend and tokens of the projects in scope over the range: totals, per group, and series per group by bucket.
 * With groupBy "project" the key of a group is the project's slug.
 */
export async function costsReport(params: ReportParams): Promise<CostsReport> {
  const [report] = await costsReports({ ...params, groupBys: [params.groupBy] });
  return report as CostsReport;
}

/**
 * costsReport for several groupings of the same projects, range, bucket and filters (the Costs page's chart and
 * its top table): the unpriced models and the month to date are read once, the usage rows once per grouping. Each report is the one costsReport gives for its grouping.
 */
export async function costsReports({
  db,
  projects,
  range,
  bucket = range.bucket,
  groupBys,
  filters = {},
  now = new Date(),
}: Omit<ReportParams, "groupBy"> & { groupBys: CostGroup[] }): Promise<CostsReport[]> {
  const ids = projects.map((p) => p.id);
  const where = usageWhere(ids, range.from, range.to, filters);
  // One project: its calendar month; several: the UTC month.
  const [only] = projects.length === 1 ? projects : [];
  const [zone] = only
    ? await db.select({ tz: project.timezone }).from(project).where(eq(project.id, only.id))
    : [];
  const timeZone = zone?.tz ?? "UTC";
  // Hourly rollups: a month starting off the hour counts from the hour it starts in.
  const monthStart = hourFloor(monthBounds(now, timeZone).start);
  // Days and weeks read whole UTC days from usage_daily (lib/rollups/usage-daily.ts), the edges from usage_hourly.
  const window = spendWindow(range);
  const daily = usageSource(ids, window);
  // grouped by the bucket's timestamp, formatted once per group (to_char per row cost more than the sums)
  const at = sql`date_trunc('${sql.raw(bucket)}', ${usageHourly.hour} at time zone 'UTC')`;
  // one statement per grouping (in parallel): grouping sets in one statement were no faster
  const grouped = (groupBy: CostGroup) =>
    db
      .select({
        bucket: sql<string>`to_char(${at}, ${sql.raw(ISO_FORMAT)})`,
        key: GROUP_COLUMN[groupBy],
        ...FIGURES,
      })
      .from(bucket === "hour" ? usageHourly : daily)
      .where(where)
      .groupBy(at, GROUP_COLUMN[groupBy])
      .orderBy(sql`1`);
  const [rowSets, unpriced, [mtd]] = await Promise.all([
    Promise.all(groupBys.map(grouped)),
    db
      .select({ model: sql<string>`${usageHourly.model}`, events: FIGURES.unpriced_events })
      .from(daily)
      .where(and(where, sql`${usageHourly.unpricedEvents} > 0`))
      .groupBy(usageHourly.model)
      .orderBy(desc(FIGURES.unpriced_events), usageHourly.model),
    db
      .select({ cost: FIGURES.cost_usd })
      .from(usageSource(ids, { from: monthStart, to: now }))
      .where(usageWhere(ids, monthStart, now, filters)),
  ]);
  const slugOf = new Map(projects.map((p) => [p.id, p.slug]));
  return groupBys.map((groupBy, i) => {
    const keyOf = (k: string) => (groupBy === "project" ? (slugOf.get(k) ?? k) : k);
    const totals = emptyFigures();
    const groups = new Map<string, UsageFigures>();
    const series = new Map<string, (UsageFigures & { bucket: string })[]>();
    for (const { bucket: b, key: rawKey, ...figures } of rowSets[i] ?? []) {
      const key = keyOf(rawKey);
      addFigures(totals, figures);
      const g = groups.get(key) ?? emptyFigures();
      addFigures(g, figures);
      groups.set(key, g);
      const points = series.get(key) ?? [];
      points.push({ bucket: b, ...figures });
      series.set(key, points);
    }
    const groupList = [...groups.entries()]
      .map(([key, f]) => ({ key, ...f, cache_hit_rate: cacheHitRate(f) }))
      .sort(
        (a, b) => b.cost_usd - a.cost_usd || b.usage_events - a.usage_events || a.key.localeCompare(b.key),
      );
    return {
      range: { from: range.from.toISOString(), to: range.to.toISOString(), bucket },
      group_by: groupBy,
      projects: projects.map((p) => p.slug),
      totals: {
        ...totals,
        cache_hit_rate: cacheHitRate(totals),
        unpriced_models: unpriced.map((u) => ({ model: u.model, events: u.events })),
      },
      groups: groupList,
      series: groupList.map((g) => ({ key: g.key, points: series.get(g.key) ?? [] })),
      month_to_date: monthToDate(mtd?.cost ?? 0, now, timeZone),
    };
  });
}

// The outcomes of the jobs started in the range (costJobsReport) are in ./jobs-report.ts.
export { costJobsReport } from "./jobs-report";
