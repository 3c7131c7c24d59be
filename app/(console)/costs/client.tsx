"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import type { ReactNode } from "react";
import { ChartBarSpendByGroup } from "@/components/costs/chart-bar-spend-by-group";
import { ChartBarTokensByKind } from "@/components/costs/chart-bar-tokens-by-kind";
import { CostsFilters } from "@/components/costs/costs-filters";
import { CostsSummary } from "@/components/costs/costs-summary";
import { CsvButton } from "@/components/costs/csv-button";
import { GroupsTable } from "@/components/costs/groups-table";
import { OutcomesTable } from "@/components/costs/outcomes-table";
import { SpendSources } from "@/components/costs/spend-sources";
import { TopJobsTable } from "@/components/costs/top-jobs-table";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { csvFileName, groupsCsv, outcomesCsv, seriesCsv, tokensCsv, topJobsCsv } from "@/lib/costs/csv";
import { stackSpend, tokensByKind } from "@/lib/costs/prepare";
import {
  costJobsKey,
  costsReportKey,
  fetchCostJobs,
  fetchCostsReport,
  jobsView,
  toCostsView,
  topView,
} from "@/lib/costs/query-options";
import { COST_GROUP_LABELS } from "@/lib/costs/schemas";
import { resolveRange } from "@/lib/range/range";
import { costsSearchParams } from "./search-params";

function Skeleton({ className }: { className?: string }) {
  return <div className={cn("animate-pulse rounded-md bg-subtle", className)} />;
}

function Failed({ error }: { error: Error }) {
  return (
    <p role="alert" className="px-5 py-6 text-sm text-red-600">
      {error.message}
    </p>
  );
}

export function CostsClient({
  project,
  facets,
  budgets,
}: {
  project: string;
  facets: { agents: string[]; models: string[]; harnesses: string[] };
  budgets: ReactNode;
}) {
  const [state, setState] = useQueryStates(costsSearchParams);
  const view = toCostsView(state);
  const autoBucket = resolveRange(view).bucket;
  const common = { placeholderData: keepPreviousData, refetchInterval: 60_000 } as const;
  const report = useQuery({
    queryKey: costsReportKey(project, view),
    queryFn: () => fetchCostsReport(project, view),
    ...common,
  });
  const top = topView(view);
  const topReport = useQuery({
    queryKey: costsReportKey(project, top),
    queryFn: () => fetchCostsReport(project, top),
    ...common,
  });
  const jobs = useQuery({
    queryKey: costJobsKey(project, jobsView(view)),
    queryFn: () => fetchCostJobs(project, jobsView(view)),
    ...common,
  });
  const r = report.data;
  const groupLabel = COST_GROUP_LABELS[view.group_by];
  const scope = r && r.projects.length > 1 ? ` across ${r.projects.length} projects` : "";
  const file = (section: string) => csvFileName(section, r?.range ?? { from: "", to: "" });
  const spend = r ? stackSpend(r) : null;
  const tokens = r ? tokensByKind(r) : null;

  return (
    <div className="space-y-6" data-testid="costs-page">
      <CostsFilters
        value={state}
        onChange={(patch) => void setState(patch)}
        facets={facets}
        autoBucket={autoBucket}
      />
      {report.isError ? <Failed error={report.error} /> : null}
      {r ? (
        <CostsSummary report={r} />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5 [&>*]:min-w-0">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
      )}
      {r ? <SpendSources report={r} /> : <Skeleton className="h-40" />}
      {budgets}
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr] [&>*]:min-w-0">
        <Card>
          <CardHeader
            title={`Spend over time by ${groupLabel.toLowerCase()}${scope}`}
            description="Stacked by group; UTC buckets. Reported cost when the runner sent one, else priced from the table."
            actions={
              <CsvButton
                testId="csv-series"
                fileName={file(`series-by-${view.group_by}`)}
                csv={() => (r ? seriesCsv(r) : "")}
                disabled={!r}
              />
            }
          />
          <div className="p-4">
            {r && spend ? (
              spend.keys.length ? (
                <ChartBarSpendByGroup data={spend.data} keys={spend.keys} bucket={r.range.bucket} />
              ) : (
                <p className="py-24 text-center text-sm text-muted" data-testid="costs-empty">
                  No usage in this range.
                </p>
              )
            ) : (
              <Skeleton className="h-64" />
            )}
          </div>
        </Card>
        <Card>
          <CardHeader
            title={`By ${groupLabel.toLowerCase()}`}
            description="Spend in range, highest first: the rows add up to the spend above"
            actions={
              <CsvButton
                testId="csv-groups"
                fileName={file(`by-${view.group_by}`)}
                csv={() => (r ? groupsCsv(r) : "")}
                disabled={!r}
              />
            }
          />
          {r ? (
            <GroupsTable
              groups={r.groups}
              total={r.totals.cost_usd}
              label={groupLabel}
              testId="groups-table"
              limit={12}
            />
          ) : (
            <Skeleton className="m-4 h-48" />
          )}
        </Card>
      </div>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr] [&>*]:min-w-0">
        <Card>
          <CardHeader
            title="Tokens by kind"
            description="Input excludes cached tokens. Line: cache hit rate = cache read / (input + cache read + cache write)."
            actions={
              <CsvButton
                testId="csv-tokens"
                fileName={file("tokens")}
                csv={() => (tokens ? tokensCsv(tokens) : "")}
                disabled={!tokens}
              />
            }
          />
          <div className="p-4">
            {r && tokens ? (
              <ChartBarTokensByKind data={tokens} bucket={r.range.bucket} />
            ) : (
              <Skeleton className="h-64" />
            )}
          </div>
        </Card>
        <Card>
          <CardHeader
            title={`Top ${top.group_by}s by spend`}
            description={`The costliest ${top.group_by}s in the range${view.group_by === "project" ? ", in this project" : ""}`}
            actions={
              <CsvButton
                testId="csv-top"
                fileName={file(`top-${top.group_by}s`)}
                csv={() => (topReport.data ? groupsCsv(topReport.data) : "")}
                disabled={!topReport.data}
              />
            }
          />
          {topReport.isError ? <Failed error={topReport.error} /> : null}
          {topReport.data ? (
            <GroupsTable
              groups={topReport.data.groups}
              total={topReport.data.totals.cost_usd}
              label={COST_GROUP_LABELS[top.group_by]}
              testId="top-groups"
              limit={10}
            />
          ) : (
            <Skeleton className="m-4 h-48" />
          )}
        </Card>
      </div>
      <Card>
        <CardHeader
          title="Top jobs by spend"
          description="Jobs started in the range (in this project), costliest first, at their whole cost"
          actions={
            <CsvButton
              testId="csv-jobs"
              fileName={file("top-jobs")}
              csv={() => (jobs.data ? topJobsCsv(jobs.data.top_jobs) : "")}
              disabled={!jobs.data}
            />
          }
        />
        {jobs.isError ? <Failed error={jobs.error} /> : null}
        {jobs.data ? <TopJobsTable jobs={jobs.data.top_jobs} /> : <Skeleton className="m-4 h-48" />}
      </Card>
      {(["model", "agent"] as const).map((by) => (
        <Card key={by}>
          <CardHeader
            title={`Cost per outcome by ${by}`}
            description="Whole jobs started in the range, in this project (their spend includes usage outside the range, so it differs from spend in range). Per successful job: spend of succeeded jobs / succeeded jobs. Wasted: failed and cancelled jobs, plus retries (trigger retry) that did not fail."
            actions={
              <CsvButton
                testId={`csv-outcomes-${by}`}
                fileName={file(`outcomes-by-${by}`)}
                csv={() =>
                  jobs.data ? outcomesCsv(by, by === "model" ? jobs.data.by_model : jobs.data.by_agent) : ""
                }
                disabled={!jobs.data}
              />
            }
          />
          {jobs.data ? <OutcomesTable report={jobs.data} by={by} /> : <Skeleton className="m-4 h-48" />}
        </Card>
      ))}
    </div>
  );
}
