"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartRow } from "@/lib/failures/prepare";
import { classColor } from "./class-badge";

/** Failed jobs over time stacked by failure class. Renders only what it is given. */
export function ChartBarFailuresByClass({
  data,
  classes,
  unit,
}: {
  data: ChartRow[];
  classes: string[];
  unit: string;
}) {
  const label = (b: string) => (unit === "hour" ? b.slice(11, 16) : b.slice(5, 10));
  return (
    <div className="h-56 w-full" data-testid="failures-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="bucket"
            tickFormatter={label}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            minTickGap={16}
          />
          <YAxis allowDecimals={false} width={32} tick={{ fontSize: 10 }} stroke="var(--muted)" />
          <Tooltip
            labelFormatter={(b) =>
              String(b)
                .replace("T", " ")
                .slice(0, unit === "hour" ? 16 : 10)
            }
            contentStyle={{ fontSize: 12, background: "var(--panel)", border: "1px solid var(--border)" }}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
          {classes.map((c) => (
            <Bar key={c} dataKey={c} stackId="a" fill={classColor(c)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
