"use client";
import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useQueryStates } from "nuqs";
import { ChartBarFailuresByClass } from "@/components/failures/chart-bar-failures-by-class";
import { ChartBarJobsByOutcome } from "@/components/overview/chart-bar-jobs-by-outcome";
import { ChartBarSpendByModel } from "@/components/overview/chart-bar-spend-by-model";
import { ChartCard } from "@/components/overview/chart-card";
import { Headline } from "@/components/overview/headline";
import { NeedsAttention } from "@/components/overview/needs-attention";
import { formatDateTime } from "@/lib/format";
import { prepareFailuresChart, prepareJobsChart, prepareSpendChart } from "@/lib/overview/prepare";
import {
  fetchOverview,
  overviewQueryKey,
  type RangeParams,
  rangeSearch,
  toRangeParams,
} from "@/lib/overview/query-options";
import { overviewSearchParams } from "./search-params";

function csvSearch(project: string, params: RangeParams) {
  const s = rangeSearch(params);
  s.set("project", project);
  s.set("format", "csv");
  return s.toString();
}

export function OverviewClient({ project, fallback }: { project: string; fallback: RangeParams | null }) {
  const [state] = useQueryStates(overviewSearchParams);
  const params = fallback ?? toRangeParams(state);
  const query = useQuery({
    queryKey: overviewQueryKey(project, params),
    queryFn: () => fetchOverview(project, params),
  });
  if (query.isError) {
    return (
      <p
        role="alert"
        className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
      >
        {query.error.message}
      </p>
    );
  }
  const o = query.data;
  if (!o) {
    return (
      <div className="space-y-4" data-testid="overview-loading">
        <div className="h-24 animate-pulse rounded-lg border border-border bg-panel" />
        <div className="h-72 animate-pulse rounded-lg border border-border bg-panel" />
      </div>
    );
  }
  const chartRange = { from: o.range.from, to: o.range.to, bucket: o.range.bucket };
  const jobs = prepareJobsChart(o.series.jobs, chartRange);
  const spend = prepareSpendChart(o.series.spend, chartRange);
  const failures = prepareFailuresChart(o.series.failures, chartRange);
  const per = o.range.bucket === "hour" ? "hour" : o.range.bucket === "day" ? "day" : "week";
  return (
    <div className="space-y-4" data-testid="overview">
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
        <p data-testid="overview-range">
          {formatDateTime(o.range.from, "UTC")} – {formatDateTime(o.range.to, "UTC")} UTC, compared with the{" "}
          {formatDateTime(o.range.previous_from, "UTC")} – {formatDateTime(o.range.previous_to, "UTC")} before
          it
        </p>
        <a
          href={`/api/v1/overview?${csvSearch(project, params)}`}
          download
          data-testid="csv-overview"
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 hover:bg-subtle hover:text-fg"
        >
          <Download className="size-3.5" aria-hidden /> Series as CSV
        </a>
      </div>
      <Headline h={o.headline} />
      <div className="grid gap-4 lg:grid-cols-[7fr_5fr] [&>*]:min-w-0">
        <ChartCard
          title="Jobs by outcome"
          description={`Jobs started per ${per} (UTC), and the success rate`}
        >
          {o.headline.jobs.current ? (
            <ChartBarJobsByOutcome data={jobs} />
          ) : (
            <p className="py-20 text-center text-sm text-muted">No job started in this range.</p>
          )}
        </ChartCard>
        <NeedsAttention a={o.attention} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <ChartCard
          title="Spend by model"
          description={`Spend in range per ${per} (UTC), as on the Costs page: the hour the range starts in counts whole`}
        >
          {spend.keys.length ? (
            <ChartBarSpendByModel data={spend.data} models={spend.keys} />
          ) : (
            <p className="py-20 text-center text-sm text-muted">No usage reported in this range.</p>
          )}
        </ChartCard>
        <ChartCard title="Failure classes" description={`Failed jobs per ${per}, by when they failed`}>
          {failures.keys.length ? (
            <ChartBarFailuresByClass data={failures.data} classes={failures.keys} unit={o.range.bucket} />
          ) : (
            <p className="py-20 text-center text-sm text-muted">No failed job in this range.</p>
          )}
        </ChartCard>
      </div>
    </div>
  );
}
