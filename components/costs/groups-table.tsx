"use client";
import { groupLabel, share } from "@/lib/costs/prepare";
import type { CostsReport } from "@/lib/costs/schemas";
import { formatCost, formatNumber } from "@/lib/format";
import { useShowMore } from "./show-more";

/** Spend per group (model, agent, harness or project), highest first, with its share of the total: `limit` rows, then all on request. */
export function GroupsTable({
  groups,
  total,
  label,
  testId,
  limit,
}: {
  groups: CostsReport["groups"];
  total: number;
  label: string;
  testId: string;
  limit: number;
}) {
  const [rows, more] = useShowMore(groups, limit);
  if (rows.length === 0)
    return <p className="px-5 py-10 text-center text-sm text-muted">No usage in this range.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <thead className="text-left text-xs text-muted">
          <tr className="border-b border-border">
            <th className="px-4 py-2 font-medium">{label}</th>
            <th className="px-2 py-2 text-right font-medium">Spend</th>
            <th className="w-32 px-2 py-2 font-medium">Share</th>
            <th className="px-2 py-2 text-right font-medium">Tokens</th>
            <th
              className="px-2 py-2 text-right font-medium"
              title="cache read / (input + cache read + cache write)"
            >
              Cache hit
            </th>
            <th
              className="px-4 py-2 text-right font-medium"
              title="Usage events with neither a reported cost nor a price"
            >
              Unpriced
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((g) => {
            const s = share(g.cost_usd, total);
            return (
              <tr key={g.key} data-testid="group-row">
                <td className="max-w-56 truncate px-4 py-1.5 font-mono text-xs" title={groupLabel(g.key)}>
                  {groupLabel(g.key)}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums" data-testid="group-cost">
                  {formatCost(g.cost_usd)}
                </td>
                <td className="px-2 py-1.5">
                  <div className="flex items-center gap-2">
                    <div className="h-1.5 flex-1 rounded-full bg-subtle">
                      <div className="h-1.5 rounded-full bg-accent" style={{ width: `${s * 100}%` }} />
                    </div>
                    <span className="w-9 text-right text-xs text-muted tabular-nums">
                      {Math.round(s * 100)}%
                    </span>
                  </div>
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">
                  {formatNumber(
                    g.input_tokens + g.output_tokens + g.cache_read_tokens + g.cache_write_tokens,
                  )}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">
                  {g.cache_hit_rate == null ? "—" : `${(g.cache_hit_rate * 100).toFixed(0)}%`}
                </td>
                <td className="px-4 py-1.5 text-right tabular-nums">
                  {g.unpriced_events ? (
                    <span className="text-amber-700 dark:text-amber-400">
                      {formatNumber(g.unpriced_events)}
                    </span>
                  ) : (
                    <span className="text-muted">0</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {more}
    </div>
  );
}
