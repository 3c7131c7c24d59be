"use client";
import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useQueryStates } from "nuqs";
import { CellsTable } from "@/components/models/cells-table";
import { CompareForm } from "@/components/models/compare-form";
import { CompareResult } from "@/components/models/compare-result";
import { MatrixGrid } from "@/components/models/matrix-grid";
import { VarianceCard } from "@/components/models/variance-card";
import { Card, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import {
  comparePath,
  compareQueryKey,
  fetchCompare,
  fetchModels,
  modelsPath,
  modelsQueryKey,
} from "@/lib/models/query-options";
import type { ModelFacets } from "@/lib/models/schemas";
import { MATRIX_METRICS, type MatrixMetric, METRIC_INFO } from "@/lib/models/view";
import { type RangeParams, toRangeParams } from "@/lib/overview/query-options";
import { modelsSearchParams } from "./search-params";

function CsvLink({ href, label, testId }: { href: string; label: string; testId: string }) {
  return (
    <a
      href={href}
      download
      data-testid={testId}
      className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-muted hover:bg-subtle hover:text-fg"
    >
      <Download className="size-3.5" aria-hidden /> {label}
    </a>
  );
}

const errorBox = (message: string) => (
  <p
    role="alert"
    className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
  >
    {message}
  </p>
);

export function ModelsClient({
  project,
  facets,
  fallback,
}: {
  project: string;
  facets: ModelFacets;
  fallback: RangeParams | null;
}) {
  const [state, setState] = useQueryStates(modelsSearchParams);
  const params = fallback ?? toRangeParams(state);
  const matrix = useQuery({
    queryKey: modelsQueryKey(project, params),
    queryFn: () => fetchModels(project, params),
  });
  const compare =
    state.a && state.b ? { dimension: state.cmp, a: state.a, b: state.b, match: state.match } : null;
  const compared = useQuery({
    queryKey: compareQueryKey(project, params, compare ?? { dimension: "model", a: "", b: "", match: "" }),
    queryFn: () => fetchCompare(project, params, compare as NonNullable<typeof compare>),
    enabled: compare !== null,
  });
  const m = matrix.data;
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Model × harness"
          description={
            m
              ? `${m.cells.length} pairs, jobs started in the range at their whole cost${m.excluded_jobs ? ` (${m.excluded_jobs} jobs without a model or harness left out)` : ""}${m.truncated ? "; only the pairs with the most jobs are shown" : ""}`
              : "Jobs started in the range at their whole cost"
          }
          actions={
            <div className="flex items-center gap-2">
              <Select
                aria-label="Metric"
                data-testid="matrix-metric"
                className="h-8 max-w-48 text-xs"
                value={state.metric}
                onChange={(e) => void setState({ metric: e.target.value as MatrixMetric })}
              >
                {MATRIX_METRICS.map((k) => (
                  <option key={k} value={k}>
                    {METRIC_INFO[k].label}
                  </option>
                ))}
              </Select>
              <CsvLink
                href={modelsPath(project, params, { format: "csv" })}
                label="CSV"
                testId="csv-matrix"
              />
            </div>
          }
        />
        <div className="p-4">
          {matrix.isError ? (
            errorBox(matrix.error.message)
          ) : !m ? (
            <div className="h-48 animate-pulse rounded-md bg-subtle" />
          ) : m.cells.length === 0 ? (
            <p className="py-12 text-center text-sm text-muted" data-testid="matrix-empty">
              No job with a model and a harness started in this range. Runners name them on job.started (
              <code className="font-mono">model</code>, <code className="font-mono">harness</code>,{" "}
              <code className="font-mono">harness_version</code>).
            </p>
          ) : (
            <MatrixGrid m={m} metric={state.metric} params={params} />
          )}
        </div>
      </Card>
      {m && m.cells.length > 0 ? (
        <>
          <VarianceCard
            variance={m.variance}
            actions={
              <CsvLink
                href={modelsPath(project, params, { format: "csv", table: "variance" })}
                label="CSV"
                testId="csv-variance"
              />
            }
          />
          <Card className="min-w-0">
            <CardHeader
              title="Every pair"
              description="Sortable; pairs with too few finished jobs stay last"
            />
            <CellsTable cells={m.cells} params={params} />
          </Card>
          <Card data-testid="compare">
            <CardHeader
              title="Compare side by side"
              description="Two models, or two harnesses (name@version for one version), over the same kind of work"
              actions={
                compared.data && compare ? (
                  <CsvLink
                    href={comparePath(project, params, compare, { format: "csv" })}
                    label="CSV"
                    testId="csv-compare"
                  />
                ) : null
              }
            />
            <div className="space-y-4 p-4">
              <CompareForm
                key={`${state.cmp}|${state.a}|${state.b}|${state.match}`}
                value={state}
                facets={facets}
                onApply={(next) => void setState(next)}
              />
              {!compare ? (
                <p className="text-sm text-muted">Pick two to compare.</p>
              ) : compared.isError ? (
                errorBox(compared.error.message)
              ) : compared.data ? (
                <CompareResult r={compared.data} />
              ) : (
                <div className="h-40 animate-pulse rounded-md bg-subtle" />
              )}
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
