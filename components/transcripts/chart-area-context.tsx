"use client";
import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/lib/format";

/** Context size (tokens sent to the model) per call over the job. Renders only what it is given. */
export function ChartAreaContext({ data }: { data: { time: number; tokens: number }[] }) {
  return (
    <div className="h-24 w-full" data-testid="context-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <XAxis dataKey="time" type="number" domain={["dataMin", "dataMax"]} hide />
          <YAxis
            width={44}
            tickFormatter={(v: number) => (v >= 1000 ? `${Math.round(v / 1000)}k` : String(v))}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
          />
          <Tooltip
            formatter={(v) => [`${formatNumber(Number(v))} tokens`, "context"]}
            labelFormatter={(t) => new Date(Number(t)).toISOString().slice(11, 19)}
            contentStyle={{ fontSize: 12, background: "var(--panel)", border: "1px solid var(--border)" }}
          />
          <Area
            type="stepAfter"
            dataKey="tokens"
            stroke="var(--accent)"
            fill="var(--accent)"
            fillOpacity={0.15}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
