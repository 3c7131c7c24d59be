"use client";
// The chart and the breakdown above the issue list, for the same filters. The row takes the chart's height:
// the breakdown scrolls within it rather than stretching the chart (and pushing the list below the fold).
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

function Placeholder({ error, idle }: { error: Error | null; idle: string | null }) {
  if (idle) return <p className="px-5 py-6 text-sm text-muted">{idle}</p>;
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
  idle = null,
}: {
  data: FailureClasses | undefined;
  error: Error | null;
  /** why nothing is loaded (a search that does not parse), instead of a skeleton */
  idle?: string | null;
  allTime: boolean;
  /** some filter or search narrows the page: say that the figures follow it */
  filtered: boolean;
}) {
  const chart = data ? pivotByClass(data.series.rows, data.series) : null;
  const scope = filtered ? " of the issues listed" : "";
  return (
    <div className="grid gap-4 lg:grid-cols-[2fr_1fr]" data-testid="failure-classes">
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
          <Placeholder error={error} idle={idle} />
        )}
      </Card>
      <Card className="flex flex-col">
        <CardHeader
          title="By class"
          description={
            allTime
              ? `Failed jobs${scope} of all time`
              : `Failed jobs${scope} in the range, against the one before`
          }
        />
        {data ? (
          // on wide screens the row takes the chart's height and the list scrolls within it (absolute: its
          // rows do not count towards the row's height); stacked, it stops at 16 rem
          <div className="relative max-h-64 min-h-0 flex-1 overflow-y-auto lg:max-h-none">
            <div className="lg:absolute lg:inset-0 lg:overflow-y-auto">
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
          </div>
        ) : (
          <Placeholder error={error} idle={idle} />
        )}
      </Card>
    </div>
  );
}
