"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StackRow } from "@/lib/costs/prepare";
import { formatCost } from "@/lib/format";
import type { Bucket } from "@/lib/range/range";
import { seriesColor } from "./palette";

export const bucketLabel = (b: string, bucket: Bucket) =>
  bucket === "hour" ? b.slice(11, 16) : b.slice(5, 10);
export const bucketTitle = (b: string, bucket: Bucket) =>
  bucket === "hour"
    ? `${b.slice(0, 10)} ${b.slice(11, 16)} UTC`
    : bucket === "week"
      ? `Week of ${b.slice(0, 10)}`
      : b.slice(0, 10);

/** Spend per bucket stacked by group. Renders only what it is given. */
export function ChartBarSpendByGroup({
  data,
  keys,
  bucket,
}: {
  data: StackRow[];
  keys: string[];
  bucket: Bucket;
}) {
  return (
    <div className="h-64 w-full" data-testid="spend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="bucket"
            tickFormatter={(b) => bucketLabel(String(b), bucket)}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            minTickGap={16}
          />
          <YAxis
            width={56}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            tickFormatter={(v: number) => formatCost(v)}
          />
          <Tooltip
            labelFormatter={(b) => bucketTitle(String(b), bucket)}
            formatter={(v) => formatCost(Number(v))}
            contentStyle={{ fontSize: 12, background: "var(--panel)", border: "1px solid var(--border)" }}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
          {keys.map((k, i) => (
            <Bar key={k} dataKey={k} stackId="spend" fill={seriesColor(k, i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
