import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/lib/cn";

/** One headline figure with its change against the previous range ("good" colours it green, "bad" red). */
export function StatCard({
  label,
  value,
  change,
  tone = "neutral",
  hint,
  title,
  testId,
}: {
  label: string;
  value: string;
  change?: string | null;
  tone?: "good" | "bad" | "neutral";
  hint?: ReactNode;
  /** What the figure is, in full (shown on hover). */
  title?: string;
  testId: string;
}) {
  return (
    <Card className="p-4" data-testid={`${testId}-card`} title={title}>
      <p className="truncate text-xs text-muted">{label}</p>
      <div className="mt-1 flex items-baseline gap-2">
        <p className="text-2xl font-semibold tabular-nums" data-testid={testId}>
          {value}
        </p>
        {change ? (
          <span
            data-testid={`${testId}-change`}
            className={cn(
              "text-xs font-medium tabular-nums",
              tone === "good" && "text-emerald-600 dark:text-emerald-400",
              tone === "bad" && "text-red-600 dark:text-red-400",
              tone === "neutral" && "text-muted",
            )}
          >
            {change}
          </span>
        ) : null}
      </div>
      {hint ? <p className="mt-1 truncate text-xs text-muted">{hint}</p> : null}
    </Card>
  );
}
