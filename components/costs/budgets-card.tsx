"use client";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { useAction } from "@/components/ui/use-action";
import { cn } from "@/lib/cn";
import { deleteBudgetAction } from "@/lib/costs/actions";
import type { BudgetForecastStatus } from "@/lib/costs/budgets";
import { type BudgetCsvRow, budgetsCsv } from "@/lib/costs/csv";
import { formatCost } from "@/lib/format";
import { BudgetForm } from "./budget-form";
import { CsvButton } from "./csv-button";

export type BudgetView = BudgetCsvRow & { id: string; status: BudgetForecastStatus };

/** The badge follows the forecast (lib/costs/budgets.ts forecastStatus), not only the spend so far. */
const STATUS_STYLE = {
  ok: {
    label: "ok",
    bar: "bg-emerald-500",
    badge: "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  },
  at_risk: {
    label: "at risk",
    bar: "bg-amber-500",
    badge: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  },
  over: {
    label: "over",
    bar: "bg-red-500",
    badge: "bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300",
  },
} as const;

function statusWhy(b: BudgetView): string {
  if (b.status === "over") return "The spend so far has reached the budget.";
  if (b.status === "at_risk")
    return b.forecastUsd >= b.amountUsd
      ? "At this period's run rate, spend reaches the budget before the period ends."
      : `The spend so far has passed the ${b.warnPercent}% warning level.`;
  return `On track: forecast under the budget, spend under the ${b.warnPercent}% warning level.`;
}

const day = (iso: string) => iso.slice(0, 10);

function BudgetRow({ b, canDelete }: { b: BudgetView; canDelete: boolean }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  const style = STATUS_STYLE[b.status];
  const forecastOver = b.forecastUsd > b.amountUsd;
  return (
    <li className="px-5 py-3" data-testid="budget-row">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <span className="font-medium" data-testid="budget-title">
            {b.name}
          </span>
          <span className="ml-2 text-xs text-muted">
            {b.scope === "project" ? "project" : `${b.scope} ${b.target}`} · {b.period} · {day(b.periodStart)}
            {b.period === "monthly"
              ? ` to ${day(new Date(new Date(b.periodEnd).getTime() - 1).toISOString())}`
              : ""}
          </span>
        </div>
        <div className="flex items-center gap-3 text-sm">
          <span className="tabular-nums" data-testid="budget-burn">
            {formatCost(b.spentUsd)} of {formatCost(b.amountUsd)} ({b.percent.toFixed(0)}%)
          </span>
          <span
            className={cn("whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium", style.badge)}
            data-testid="budget-state"
            data-status={b.status}
            title={statusWhy(b)}
          >
            {style.label}
          </span>
          {canDelete ? (
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Delete budget ${b.name}`}
              data-testid="budget-delete"
              disabled={pending}
              onClick={() =>
                run(async () => {
                  const deleted = await deleteBudgetAction(b.id);
                  router.refresh(); // refused or not, the list shows what is there now
                  return deleted;
                })
              }
            >
              <Trash2 className="size-3.5" />
            </Button>
          ) : null}
        </div>
      </div>
      <ActionError error={error} testId="budget-error" className="mt-1 text-right" />
      <div className="relative mt-2 h-2 rounded-full bg-subtle" title={`Warning at ${b.warnPercent}%`}>
        <div
          className={cn("h-2 rounded-full", style.bar)}
          style={{ width: `${Math.min(100, b.percent)}%` }}
          data-testid="budget-bar"
        />
        <div className="absolute top-[-2px] h-3 w-px bg-fg/40" style={{ left: `${b.warnPercent}%` }} />
      </div>
      <p
        className={cn("mt-1 text-xs", forecastOver ? "text-amber-700 dark:text-amber-400" : "text-muted")}
        data-testid="budget-forecast"
        title="Linear: the period's spend so far divided by the share of the period gone by (at least one hour)"
      >
        Forecast for the period: {formatCost(b.forecastUsd)}
        {forecastOver ? ` (over by ${formatCost(b.forecastUsd - b.amountUsd)})` : ""}
      </p>
    </li>
  );
}

/** Budgets of the project in view with their burn in the current period (the project's time zone). */
export function BudgetsCard({
  budgets,
  canEdit,
  facets,
}: {
  budgets: BudgetView[];
  canEdit: boolean;
  facets: { agents: string[]; models: string[] };
}) {
  const [adding, setAdding] = useState(false);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card data-testid="budgets">
      <CardHeader
        title="Budgets"
        description="This day's or month's burn in the project; the badge follows the forecast"
        actions={
          <div className="flex items-center gap-1">
            <CsvButton
              testId="csv-budgets"
              fileName={`fleetwatch-costs-budgets-${today}.csv`}
              csv={() => budgetsCsv(budgets)}
              disabled={budgets.length === 0}
            />
            {canEdit ? (
              <Button
                variant="secondary"
                size="sm"
                data-testid="budget-add"
                onClick={() => setAdding((a) => !a)}
              >
                <Plus className="size-3.5" /> {adding ? "Close" : "Add budget"}
              </Button>
            ) : null}
          </div>
        }
      />
      {adding ? <BudgetForm facets={facets} onDone={() => setAdding(false)} /> : null}
      {budgets.length ? (
        <ul className="divide-y divide-border">
          {budgets.map((b) => (
            <BudgetRow key={b.id} b={b} canDelete={canEdit} />
          ))}
        </ul>
      ) : (
        <p className="px-5 py-6 text-sm text-muted" data-testid="budgets-empty">
          No budget yet.{" "}
          {canEdit
            ? "Add one to see burn against it here."
            : "A member or an admin can add one per project, agent or model."}
        </p>
      )}
    </Card>
  );
}
