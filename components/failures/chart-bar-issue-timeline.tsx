"use client";
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Failures of one issue per day over the last 30 days. Renders only what it is given. */
export function ChartBarIssueTimeline({ data }: { data: { day: string; count: number }[] }) {
  return (
    <div className="h-32 w-full" data-testid="issue-timeline">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <XAxis
            dataKey="day"
            tickFormatter={(d: string) => d.slice(5)}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
            minTickGap={20}
          />
          <YAxis allowDecimals={false} width={28} tick={{ fontSize: 10 }} stroke="var(--muted)" />
          <Tooltip
            contentStyle={{ fontSize: 12, background: "var(--panel)", border: "1px solid var(--border)" }}
          />
          <Bar dataKey="count" name="failures" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
