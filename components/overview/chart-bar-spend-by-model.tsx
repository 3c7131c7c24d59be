"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCost } from "@/lib/format";
import type { StackedRow } from "@/lib/overview/prepare";
import { seriesColor } from "./colors";

const tooltipStyle = { fontSize: 12, background: "var(--panel)", border: "1px solid var(--border)" };

/** Spend per bucket stacked by model. */
export function ChartBarSpendByModel({ data, models }: { data: StackedRow[]; models: string[] }) {
  return (
    <div className="h-60 w-full" data-testid="chart-spend">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} stroke="var(--muted)" minTickGap={16} />
          <YAxis
            width={48}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            tickFormatter={(v) => `$${Number(v).toLocaleString("en-US", { maximumFractionDigits: 2 })}`}
          />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(_, p) =>
              String(p?.[0]?.payload?.bucket ?? "")
                .replace("T", " ")
                .slice(0, 16)
            }
            formatter={(v) => formatCost(Number(v))}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
          {models.map((m, i) => (
            <Bar key={m} dataKey={m} stackId="spend" fill={seriesColor(m, i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
