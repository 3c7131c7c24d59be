import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { formatCost } from "@/lib/format";
import type { ModelsResponse, VarianceFigureView } from "@/lib/models/schemas";

const fmtRatio = (r: number | null) =>
  r === null ? "—" : r >= 100 ? `${Math.round(r)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;

function Spread({
  label,
  s,
  unit,
  sd,
  testId,
}: {
  label: string;
  s: VarianceFigureView["across_models"];
  unit: string;
  sd: (v: number | null) => string;
  testId: string;
}) {
  return (
    <div className="rounded-md bg-subtle/60 px-3 py-2" data-testid={testId}>
      <p className="text-xs text-muted">{label}</p>
      <p className="text-lg font-semibold tabular-nums">± {sd(s.sd)}</p>
      <p className="text-[11px] text-muted">
        {s.groups.length
          ? `mean of ${s.groups.length} ${unit}`
          : `needs a ${unit.replace(/s$/, "")} with 2+ cells`}
      </p>
    </div>
  );
}

function Metric({
  title,
  v,
  sd,
  testId,
}: {
  title: string;
  v: VarianceFigureView;
  sd: (v: number | null) => string;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <div className="mb-2 flex items-baseline justify-between gap-2">
        <h3 className="text-sm font-medium">{title}</h3>
        <span className="text-xs text-muted">{v.cells} cells with enough data</span>
      </div>
      <div className="grid grid-cols-[1fr_1fr_auto] items-stretch gap-2">
        <Spread
          label="Across models, same harness"
          s={v.across_models}
          unit="harnesses"
          sd={sd}
          testId={`${testId}-models`}
        />
        <Spread
          label="Across harnesses, same model"
          s={v.across_harnesses}
          unit="models"
          sd={sd}
          testId={`${testId}-harnesses`}
        />
        <div className="flex min-w-24 flex-col justify-center rounded-md border border-accent/40 bg-accent/5 px-3 py-2 text-center">
          <p className="text-xs text-muted">ratio</p>
          <p className="text-xl font-semibold text-accent tabular-nums" data-testid={`${testId}-ratio`}>
            {fmtRatio(v.ratio)}
          </p>
        </div>
      </div>
      <p className="mt-1.5 text-xs text-muted">
        {v.ratio === null
          ? "Not enough overlapping cells to compare the two spreads yet."
          : v.ratio >= 1
            ? `In this range, which model runs moves ${title.toLowerCase()} ${fmtRatio(v.ratio)} more (in variance) than which harness.`
            : `In this range, which harness runs moves ${title.toLowerCase()} ${fmtRatio(1 / v.ratio)} more (in variance) than which model.`}
      </p>
    </div>
  );
}

/** How much outcomes spread across models against across harnesses, with the definition on the page. */
export function VarianceCard({
  variance,
  actions,
}: {
  variance: ModelsResponse["variance"];
  actions?: ReactNode;
}) {
  return (
    <Card data-testid="variance">
      <CardHeader
        title="Model vs harness: which choice matters more"
        description="Spread of a metric across models for the same harness, against across harnesses for the same model (± one standard deviation)"
        actions={actions}
      />
      <div className="grid gap-6 p-5 lg:grid-cols-2">
        <Metric
          title="Success rate"
          v={variance.success_rate}
          sd={(x) => (x === null ? "—" : `${(x * 100).toFixed(1)} pts`)}
          testId="variance-success"
        />
        <Metric
          title="Cost per success"
          v={variance.cost_per_success}
          sd={(x) => formatCost(x)}
          testId="variance-cost"
        />
        <div
          className="border-t border-border pt-3 text-xs text-muted lg:col-span-2"
          data-testid="variance-definition"
        >
          <p className="font-medium text-fg">Definition</p>
          <p className="mt-1 leading-relaxed">{variance.definition}</p>
        </div>
      </div>
    </Card>
  );
}
