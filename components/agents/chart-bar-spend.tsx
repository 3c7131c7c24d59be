"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SpendPoint } from "@/lib/agents/prepare";
import { formatCost } from "@/lib/format";

function label(bucket: string, unit: string) {
  return unit === "hour" ? bucket.slice(11, 16) : bucket.slice(5, 10);
}

function Tip({
  active,
  payload,
  unit,
}: {
  active?: boolean;
  payload?: { payload: SpendPoint }[];
  unit: string;
}) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="rounded-md border border-border bg-panel px-2.5 py-1.5 text-xs shadow-sm">
      <p className="text-muted">{p.bucket.replace("T", " ").slice(0, unit === "hour" ? 16 : 10)} UTC</p>
      <p className="font-medium tabular-nums">
        {p.cost_usd === null ? (p.unpriced_events ? "cost unknown" : "no usage") : formatCost(p.cost_usd)}
      </p>
      {p.unpriced_events ? (
        <p className="text-amber-700 dark:text-amber-400">{p.unpriced_events} usage events without a price</p>
      ) : null}
    </div>
  );
}

/** Spend per bucket. Gaps (null) draw no bar. Renders only what it is given. */
export function ChartBarSpend({ data, unit }: { data: SpendPoint[]; unit: string }) {
  return (
    <div className="h-56 w-full" data-testid="spend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="bucket"
            tickFormatter={(b: string) => label(b, unit)}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            minTickGap={16}
          />
          <YAxis
            width={48}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            tickFormatter={(v: number) => formatCost(v)}
          />
          <Tooltip content={<Tip unit={unit} />} cursor={{ fill: "var(--subtle)" }} />
          <Bar dataKey="cost_usd" fill="var(--accent)" isAnimationActive={false} radius={[2, 2, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
