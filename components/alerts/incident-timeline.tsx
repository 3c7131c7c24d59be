import { RelativeTime } from "@/components/ui/time";
import type { IncidentDetail } from "@/lib/alerts/board-queries";

const LABELS: Record<string, string> = {
  opened: "Opened",
  matched: "Matched again",
  notified: "Notified",
  escalated: "Escalated",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  muted: "Muted by a silence",
  reopened: "Reopened",
};

/** What the detail says, as plain text (never markup): a short "key: value" list. */
function describe(detail: unknown): string {
  if (detail === null || detail === undefined) return "";
  if (typeof detail !== "object") return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ")
    .slice(0, 300);
}

export function IncidentTimeline({ events }: { events: IncidentDetail["timeline"] }) {
  if (events.length === 0) return <p className="px-5 py-6 text-sm text-muted">Nothing recorded yet.</p>;
  return (
    <ol className="relative space-y-4 px-5 py-4" data-testid="incident-timeline">
      {events.map((e) => (
        <li key={e.id} className="relative border-l-2 border-border pl-4" data-testid="timeline-event">
          <span className="absolute top-1.5 -left-[5px] size-2 rounded-full bg-accent" aria-hidden />
          <p className="text-sm">
            <span className="font-medium">{LABELS[e.type] ?? e.type}</span>
            {e.actor ? <span className="text-muted"> by {e.actor}</span> : null}
            <span className="text-xs text-muted">
              {" "}
              · <RelativeTime iso={e.at} />
            </span>
          </p>
          {e.detail ? (
            <p className="mt-0.5 break-words font-mono text-xs text-muted">{describe(e.detail)}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
