"use client";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { JobsChartRow } from "@/lib/overview/prepare";
import { OUTCOME_COLORS } from "./colors";

const tooltipStyle = { fontSize: 12, background: "var(--panel)", border: "1px solid var(--border)" };

/** Jobs per bucket stacked by outcome, with the success rate as a line (gaps where nothing finished). */
export function ChartBarJobsByOutcome({ data }: { data: JobsChartRow[] }) {
  return (
    <div className="h-72 w-full" data-testid="chart-jobs">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 0, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} stroke="var(--muted)" minTickGap={16} />
          <YAxis yAxisId="n" allowDecimals={false} width={32} tick={{ fontSize: 10 }} stroke="var(--muted)" />
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 100]}
            unit="%"
            width={40}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
          />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(_, p) =>
              String(p?.[0]?.payload?.bucket ?? "")
                .replace("T", " ")
                .slice(0, 16)
            }
            formatter={(v, name) => (name === "success rate" ? `${Number(v).toFixed(1)}%` : v)}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
          {(Object.keys(OUTCOME_COLORS) as (keyof typeof OUTCOME_COLORS)[]).map((k) => (
            <Bar
              key={k}
              yAxisId="n"
              dataKey={k}
              name={k === "unfinished" ? "queued / running" : k}
              stackId="jobs"
              fill={OUTCOME_COLORS[k]}
              isAnimationActive={false}
            />
          ))}
          <Line
            yAxisId="rate"
            dataKey="successRate"
            name="success rate"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={{ r: 2.5, fill: "var(--accent)", strokeWidth: 0 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
