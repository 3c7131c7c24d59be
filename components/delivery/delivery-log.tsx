import { RelativeTime } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import type { DeliveryLogRow } from "@/lib/delivery/queries";

const STATUS: Record<string, string> = {
  sent: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-600 dark:text-red-400",
  pending: "text-amber-700 dark:text-amber-400",
  sending: "text-amber-700 dark:text-amber-400",
  suppressed: "text-muted",
};

const KIND: Record<string, string> = {
  test: "Test",
  "alert.trigger": "Alert",
  "alert.acknowledge": "Acknowledged",
  "alert.resolve": "Resolved",
  "alert.escalate": "Escalation",
};

/** A destination's last 50 notifications, newest first. */
export function DeliveryLog({ rows }: { rows: DeliveryLogRow[] }) {
  if (rows.length === 0)
    return <p className="px-5 py-8 text-center text-sm text-muted">Nothing sent here yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="delivery-log">
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            <th className="px-5 py-2 font-medium">When</th>
            <th className="px-5 py-2 font-medium">What</th>
            <th className="px-5 py-2 font-medium">Status</th>
            <th className="px-5 py-2 font-medium">Attempts</th>
            <th className="px-5 py-2 font-medium">Response</th>
            <th className="px-5 py-2 font-medium">Error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((r) => (
            <tr key={r.id} data-testid="delivery-log-row">
              <td className="px-5 py-2 text-xs whitespace-nowrap">
                <RelativeTime iso={r.createdAt} />
              </td>
              <td className="px-5 py-2 text-xs">{KIND[r.kind] ?? r.kind}</td>
              <td
                className={cn("px-5 py-2 text-xs font-medium", STATUS[r.status])}
                data-testid="delivery-log-status"
              >
                {r.status}
              </td>
              <td className="px-5 py-2 text-xs tabular-nums">{r.attempts}</td>
              <td className="px-5 py-2 font-mono text-xs text-muted" data-testid="delivery-log-response">
                {r.responseStatus ? `HTTP ${r.responseStatus}` : "—"}
              </td>
              <td
                className="max-w-80 truncate px-5 py-2 font-mono text-xs text-muted"
                title={r.error ?? undefined}
              >
                {r.error ?? ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
