import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { SPEND_IN_RANGE, spendBreakdown } from "@/lib/costs/definitions";
import type { CostsReport } from "@/lib/costs/schemas";
import { formatCost, formatNumber } from "@/lib/format";

const pct = (r: number | null) => (r == null ? "—" : `${(r * 100).toFixed(1)}%`);

function Kpi({
  label,
  value,
  testId,
  children,
  title,
}: {
  label: string;
  value: ReactNode;
  testId: string;
  children?: ReactNode;
  title?: string;
}) {
  return (
    <Card className="px-4 py-3" data-testid={testId} title={title}>
      <p className="text-xs text-muted">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums" data-testid={`${testId}-value`}>
        {value}
      </p>
      {children ? <div className="mt-1 text-xs text-muted">{children}</div> : null}
    </Card>
  );
}

/** The headline figures of the range, and the month to date with its forecast. */
export function CostsSummary({ report }: { report: CostsReport }) {
  const t = report.totals;
  const m = report.month_to_date;
  const sources = spendBreakdown(t);
  const tokens = t.input_tokens + t.output_tokens + t.cache_read_tokens + t.cache_write_tokens;
  const forecastHow = `Forecast: month to date (${formatCost(m.cost_usd)}) / ${m.days_elapsed.toFixed(1)} days elapsed = ${formatCost(m.daily_rate_usd)} a day, x ${m.days_in_month} days in ${m.month}. Linear on this month's daily run rate (UTC), with the page's filters.`;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
      <Kpi
        label={`Spend in range${report.projects.length > 1 ? ` (${report.projects.length} projects)` : ""}`}
        value={formatCost(t.cost_usd)}
        testId="kpi-spend"
        title={SPEND_IN_RANGE}
      >
        <span data-testid="kpi-spend-sources">
          reported {formatCost(sources.reported)} + computed {formatCost(sources.priced)}
        </span>
      </Kpi>
      <Kpi label="Tokens" value={formatNumber(tokens)} testId="kpi-tokens">
        in {formatNumber(t.input_tokens)} · out {formatNumber(t.output_tokens)}
      </Kpi>
      <Kpi
        label="Cache hit rate"
        value={pct(t.cache_hit_rate)}
        testId="kpi-cache"
        title="cache read / (input + cache read + cache write)"
      >
        read {formatNumber(t.cache_read_tokens)} · write {formatNumber(t.cache_write_tokens)}
      </Kpi>
      <Kpi label="Unpriced usage" value={formatNumber(t.unpriced_events)} testId="kpi-unpriced">
        {t.unpriced_events ? (
          <span className="inline-flex flex-wrap items-center gap-1 text-amber-700 dark:text-amber-400">
            <TriangleAlert className="size-3" aria-hidden />
            <span data-testid="unpriced-models">
              {t.unpriced_models
                .map((u) => `${u.model || "(no model)"} (${formatNumber(u.events)})`)
                .join(", ")}
            </span>
            <Link href="/settings/prices" className="text-accent hover:underline">
              add a price
            </Link>
          </span>
        ) : (
          "every usage event has a cost"
        )}
      </Kpi>
      <Kpi
        label={`Month to date (${m.month})`}
        value={formatCost(m.cost_usd)}
        testId="kpi-mtd"
        title={forecastHow}
      >
        <span data-testid="forecast">forecast {formatCost(m.forecast_usd)}</span>{" "}
        <span className="block text-[11px]">
          {formatCost(m.daily_rate_usd)}/day x {m.days_in_month} days
        </span>
      </Kpi>
    </div>
  );
}
