// The agent page's history over the shared range: failed jobs by class, and spend. Server component: loads,
// prepares (lib/agents/prepare.ts) and hands the charts their data.
import { ChartBarFailuresByClass } from "@/components/failures/chart-bar-failures-by-class";
import { Card, CardHeader } from "@/components/ui/card";
import { getReadDb } from "@/db/read";
import { agentFailuresOverTime, agentSpendOverTime } from "@/lib/agents/history-queries";
import { failuresSeries, spendSeries, spendTotal } from "@/lib/agents/prepare";
import { formatCost } from "@/lib/format";
import { RANGE_LABELS, type ResolvedRange } from "@/lib/range/range";
import { ChartBarSpend } from "./chart-bar-spend";

export async function AgentCharts({
  projectId,
  name,
  range,
  error,
}: {
  projectId: string;
  name: string;
  range: ResolvedRange;
  error: string | null;
}) {
  const db = await getReadDb();
  const axis = { from: range.from, to: range.to, bucket: range.bucket };
  const params = { db, projectId, name, ...axis };
  const [failures, spend] = await Promise.all([agentFailuresOverTime(params), agentSpendOverTime(params)]);
  const f = failuresSeries(failures, axis);
  const s = spendSeries(spend, axis);
  const failedTotal = failures.reduce((n, r) => n + r.count, 0);
  const spent = spendTotal(s);
  const unpriced = s.reduce((n, p) => n + p.unpriced_events, 0);
  const label = range.kind === "custom" ? "Custom range" : RANGE_LABELS[range.kind];
  const per = `per ${range.bucket} (UTC)`;
  return (
    <div className="space-y-2">
      {error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Failures by class"
            description={`${label}: ${failedTotal} failed job${failedTotal === 1 ? "" : "s"}, ${per}`}
          />
          <div className="p-4">
            {f.classes.length ? (
              <ChartBarFailuresByClass data={f.data} classes={f.classes} unit={range.bucket} />
            ) : (
              <p className="py-20 text-center text-sm text-muted" data-testid="failures-chart-empty">
                No failed job in this range.
              </p>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Spend"
            description={`${label}: ${spent === null ? "no priced usage" : formatCost(spent)}${unpriced ? ` + ${unpriced} usage events without a price` : ""}, ${per}`}
          />
          <div className="p-4">
            {s.some((p) => p.cost_usd !== null || p.unpriced_events) ? (
              <ChartBarSpend data={s} unit={range.bucket} />
            ) : (
              <p className="py-20 text-center text-sm text-muted" data-testid="spend-chart-empty">
                No usage recorded in this range.
              </p>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
