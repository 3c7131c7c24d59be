"use client";
// The chart and the breakdown above the issue list, for the same filters. The row takes the chart's height:
// the breakdown scrolls past it rather than stretching the chart (and pushing the list below the fold).
import { ChartBarFailuresByClass } from "@/components/failures/chart-bar-failures-by-class";
import { ClassBadge } from "@/components/failures/class-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { pivotByClass } from "@/lib/failures/prepare";
import type { FailureClasses } from "@/lib/failures/schemas";

function Change({ now, before }: { now: number; before: number }) {
  if (before === 0) return <span className="text-muted">{now ? "new" : "—"}</span>;
  const pct = Math.round(((now - before) / before) * 100);
  return (
    <span className={pct > 0 ? "text-red-600" : pct < 0 ? "text-emerald-600" : "text-muted"}>
      {pct > 0 ? `+${pct}%` : `${pct}%`}
    </span>
  );
}

function Placeholder({ error }: { error: Error | null }) {
  return error ? (
    <p role="alert" className="px-5 py-6 text-sm text-red-600">
      {error.message}
    </p>
  ) : (
    <div className="m-4 h-48 animate-pulse rounded-md bg-subtle" />
  );
}

export function FailureClassesCards({
  data,
  error,
  allTime,
  filtered,
}: {
  data: FailureClasses | undefined;
  error: Error | null;
  allTime: boolean;
  /** some filter or search narrows the page: say that the figures follow it */
  filtered: boolean;
}) {
  const chart = data ? pivotByClass(data.series.rows, data.series) : null;
  const scope = filtered ? " of the issues listed" : "";
  return (
    <div className="grid gap-4 lg:grid-cols-[2fr_1fr] lg:items-start" data-testid="failure-classes">
      <Card>
        <CardHeader
          title="Failures over time by class"
          description={`Failed jobs${scope}${allTime ? ", the last 30 days" : ""}`}
        />
        {chart ? (
          <div className="p-4">
            {chart.classes.length ? (
              <ChartBarFailuresByClass
                data={chart.data}
                classes={chart.classes}
                unit={data?.series.unit ?? "day"}
              />
            ) : (
              <p className="flex h-56 items-center justify-center text-sm text-muted">
                No failed job in this range.
              </p>
            )}
          </div>
        ) : (
          <Placeholder error={error} />
        )}
      </Card>
      <Card>
        <CardHeader
          title="By class"
          description={
            allTime
              ? `Failed jobs${scope} of all time`
              : `Failed jobs${scope} in the range, and the change against the range before`
          }
        />
        {data ? (
          <div className="max-h-64 overflow-y-auto" data-testid="class-breakdown-scroll">
            <table className="w-full text-sm" data-testid="class-breakdown">
              <tbody className="divide-y divide-border">
                {data.breakdown.map((b) => (
                  <tr key={b.failure_class}>
                    <td className="px-4 py-1.5">
                      <ClassBadge cls={b.failure_class} />
                    </td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{b.count}</td>
                    <td className="px-2 py-1.5 text-right text-xs text-muted tabular-nums">
                      {(b.share * 100).toFixed(0)}%
                    </td>
                    <td className="px-4 py-1.5 text-right text-xs tabular-nums">
                      {allTime ? null : <Change now={b.count} before={b.previous} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.breakdown.length === 0 ? (
              <p className="px-4 py-6 text-center text-sm text-muted">No failed job in this range.</p>
            ) : null}
          </div>
        ) : (
          <Placeholder error={error} />
        )}
      </Card>
    </div>
  );
}
