import Link from "next/link";
import { formatDateTime } from "@/lib/format";
import type { ScheduleApi } from "@/lib/schedules/schemas";
import { OutcomeBadge } from "./outcome";
import { formatDelay } from "./outcome-strip";

/** A schedule's slots, newest first: when (in its zone), outcome, its job, how late it started. */
export function SlotsTable({ schedule }: { schedule: ScheduleApi }) {
  const rows = [...schedule.slots].reverse();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="slots-table">
        <thead className="border-b border-border text-left text-xs text-muted">
          <tr>
            <th className="px-5 py-2 font-medium">Expected ({schedule.timezone})</th>
            <th className="px-3 py-2 font-medium">Outcome</th>
            <th className="px-3 py-2 font-medium">Job</th>
            <th className="px-5 py-2 text-right font-medium">Started after</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((s) => (
            <tr key={s.at} data-testid="slot-row" data-outcome={s.outcome}>
              <td className="px-5 py-2 whitespace-nowrap tabular-nums">
                {formatDateTime(s.at, schedule.timezone)}
              </td>
              <td className="px-3 py-2">
                <OutcomeBadge outcome={s.outcome} />
              </td>
              <td className="max-w-56 truncate px-3 py-2">
                {s.job ? (
                  <Link
                    href={`/jobs/${encodeURIComponent(s.job.external_id)}`}
                    className="font-mono text-xs text-accent hover:underline"
                  >
                    {s.job.external_id}
                  </Link>
                ) : (
                  <span className="text-muted">—</span>
                )}
                {s.job?.agent ? <span className="ml-2 text-xs text-muted">{s.job.agent}</span> : null}
              </td>
              <td className="px-5 py-2 text-right whitespace-nowrap tabular-nums">
                {s.delay_seconds === null ? "—" : formatDelay(s.delay_seconds)}
                <span className="ml-1 text-xs text-muted">(grace {formatDelay(s.grace_seconds)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
