import Link from "next/link";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import type { ScheduleApi } from "@/lib/schedules/schemas";
import { OutcomeBadge } from "./outcome";
import { OutcomeStrip } from "./outcome-strip";

export const scheduleHref = (name: string) => `/schedules/${encodeURIComponent(name)}`;

function Rate({ rate }: { rate: number | null }) {
  if (rate === null) return <span className="text-muted">—</span>;
  const pct = Math.round(rate * 100);
  return <span className={pct < 90 ? "text-red-700 dark:text-red-400" : undefined}>{pct}%</span>;
}

/** One card per schedule: cron in words, next and last run, the strip of recent outcomes, the on-time rate. */
export function SchedulesList({ schedules }: { schedules: ScheduleApi[] }) {
  return (
    <ul className="space-y-3" data-testid="schedules-list">
      {schedules.map((s) => (
        <li key={s.name}>
          <Card className="px-5 py-4" data-testid="schedule-row" data-name={s.name}>
            <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-2">
              <div className="min-w-0 flex-1 basis-64">
                <Link
                  href={scheduleHref(s.name)}
                  className="font-medium break-all hover:text-accent"
                  data-testid="schedule-link"
                >
                  {s.name}
                </Link>
                {!s.enabled ? (
                  <span className="ml-2 rounded bg-subtle px-1.5 py-0.5 text-xs text-muted">disabled</span>
                ) : null}
                <p className="mt-0.5 text-sm text-muted" data-testid="schedule-words">
                  {s.description}
                </p>
                <p className="mt-0.5 font-mono text-xs text-muted">
                  {s.cron} · {s.source === "runner" ? "declared by runners" : "declared in Settings"}
                  {s.agent ? ` · ${s.agent}` : ""}
                </p>
              </div>
              <dl className="grid grid-cols-3 gap-x-6 gap-y-1 text-sm">
                <dt className="text-xs text-muted">Next</dt>
                <dt className="text-xs text-muted">Last</dt>
                <dt className="text-xs text-muted">On time</dt>
                <dd data-testid="schedule-next">
                  <RelativeTime iso={s.next_at} />
                </dd>
                <dd data-testid="schedule-last">
                  {s.last ? <OutcomeBadge outcome={s.last.outcome} /> : <span className="text-muted">—</span>}
                </dd>
                <dd data-testid="schedule-rate">
                  <Rate rate={s.on_time_rate} />
                </dd>
              </dl>
            </div>
            <div className="mt-3">
              {s.error ? (
                <p className="text-xs text-red-600">{s.error}</p>
              ) : (
                <OutcomeStrip slots={s.slots} timeZone={s.timezone} />
              )}
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}
