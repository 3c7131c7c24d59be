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
import { TOKEN_KINDS, TOKEN_LABELS, type TokenRow } from "@/lib/costs/prepare";
import { formatNumber } from "@/lib/format";
import type { Bucket } from "@/lib/range/range";
import { bucketLabel, bucketTitle } from "./chart-bar-spend-by-group";
import { TOKEN_COLORS } from "./palette";

const compact = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(1)}B`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)}M`
      : n >= 1e3
        ? `${(n / 1e3).toFixed(0)}k`
        : String(n);

/** Tokens per bucket stacked by kind, with the cache hit rate as a line (a gap where there was no input). */
export function ChartBarTokensByKind({ data, bucket }: { data: TokenRow[]; bucket: Bucket }) {
  return (
    <div className="h-64 w-full" data-testid="tokens-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="bucket"
            tickFormatter={(b) => bucketLabel(String(b), bucket)}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            minTickGap={16}
          />
          <YAxis
            yAxisId="tokens"
            width={48}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            tickFormatter={compact}
          />
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 1]}
            width={36}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          />
          <Tooltip
            labelFormatter={(b) => bucketTitle(String(b), bucket)}
            formatter={(v, name) =>
              name === "Cache hit rate" ? `${(Number(v) * 100).toFixed(1)}%` : formatNumber(Number(v))
            }
            contentStyle={{ fontSize: 12, background: "var(--panel)", border: "1px solid var(--border)" }}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
          {TOKEN_KINDS.map((k) => (
            <Bar
              key={k}
              yAxisId="tokens"
              dataKey={k}
              name={TOKEN_LABELS[k]}
              stackId="tokens"
              fill={TOKEN_COLORS[k]}
              isAnimationActive={false}
            />
          ))}
          <Line
            yAxisId="rate"
            dataKey="cache_hit_rate"
            name="Cache hit rate"
            stroke="var(--fg)"
            strokeWidth={1.5}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
