import { CircleHelp } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { COST_SOURCES, JOBS_SPEND, SPEND_IN_RANGE, spendBreakdown } from "@/lib/costs/definitions";
import type { CostsReport } from "@/lib/costs/schemas";
import { formatCost, formatNumber } from "@/lib/format";

/** "2026-03-10 10:00 UTC": the start of the UTC hour a range starts in, where spend in range counts from. */
function hourLabel(iso: string) {
  const d = new Date(iso);
  d.setUTCMinutes(0, 0, 0);
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

function Source({
  swatch,
  label,
  value,
  testId,
  children,
}: {
  swatch: string;
  label: string;
  value: string;
  testId: string;
  children: string;
}) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <p className="flex items-center gap-1.5 text-xs text-muted">
        <span className={`inline-block size-2 shrink-0 rounded-sm ${swatch}`} aria-hidden />
        {label}
      </p>
      <p className="mt-0.5 font-semibold tabular-nums" data-testid={`${testId}-value`}>
        {value}
      </p>
      <p className="mt-0.5 text-xs text-muted">{children}</p>
    </div>
  );
}

/**
 * Reported vs computed, explained with the range's own figures: where each dollar of the spend came from, and
 * which definition of spend the page's figures use.
 */
export function SpendSources({ report }: { report: CostsReport }) {
  const t = report.totals;
  const b = spendBreakdown(t);
  const total = b.reported + b.priced;
  const reportedShare = total > 0 ? (b.reported / total) * 100 : 0;
  return (
    <Card className="px-5 py-4" data-testid="spend-sources">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 className="flex items-center gap-1.5 text-sm font-semibold">
          <CircleHelp className="size-3.5 text-muted" aria-hidden />
          Where the spend comes from
        </h2>
        <p className="text-xs text-muted" title={SPEND_IN_RANGE} data-testid="spend-window">
          Spend in range counts usage from {hourLabel(report.range.from)}, in whole UTC hours
        </p>
      </div>
      {total > 0 ? (
        <div className="mt-3 flex h-1.5 overflow-hidden rounded-full bg-subtle" aria-hidden>
          <div className="bg-accent" style={{ width: `${reportedShare}%` }} />
          <div className="bg-sky-300 dark:bg-sky-700" style={{ width: `${100 - reportedShare}%` }} />
        </div>
      ) : null}
      <div className="mt-3 grid gap-4 sm:grid-cols-3">
        <Source
          swatch="bg-accent"
          label="Reported by runners"
          value={formatCost(b.reported)}
          testId="source-reported"
        >
          {COST_SOURCES.reported}
        </Source>
        <Source
          swatch="bg-sky-300 dark:bg-sky-700"
          label="Computed from prices"
          value={formatCost(b.priced)}
          testId="source-priced"
        >
          {COST_SOURCES.priced}
        </Source>
        <Source
          swatch="bg-amber-400"
          label="Unpriced"
          value={`${formatNumber(b.unpricedEvents)} event${b.unpricedEvents === 1 ? "" : "s"}`}
          testId="source-unpriced"
        >
          {COST_SOURCES.unpriced}
        </Source>
      </div>
      <p className="mt-3 border-t border-border pt-2 text-xs text-muted">
        Reported + computed = the spend in range. Where a runner reports a cost, the table's price is still
        kept beside it, and a job's page shows both when they differ.{" "}
        <span title={JOBS_SPEND}>
          The outcome tables below count whole jobs started in the range instead, usage outside it included.
        </span>{" "}
        <Link href="/settings/prices" className="text-accent hover:underline">
          Model prices
        </Link>
      </p>
    </Card>
  );
}
