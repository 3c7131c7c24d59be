import { RelativeTime } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import type { DeliveryView } from "@/lib/standups/webhooks";

const STATUS: Record<string, string> = {
  delivered: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-600 dark:text-red-400",
  pending: "text-amber-700 dark:text-amber-400",
};

/** The latest deliveries (scheduled standups and tests), newest first. */
export function WebhookDeliveries({ deliveries }: { deliveries: DeliveryView[] }) {
  if (deliveries.length === 0)
    return <p className="px-5 py-8 text-center text-sm text-muted">Nothing delivered yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="deliveries">
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            <th className="px-5 py-2 font-medium">When</th>
            <th className="px-5 py-2 font-medium">Webhook</th>
            <th className="px-5 py-2 font-medium">What</th>
            <th className="px-5 py-2 font-medium">Status</th>
            <th className="px-5 py-2 font-medium">Attempts</th>
            <th className="px-5 py-2 font-medium">Response</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {deliveries.map((d) => (
            <tr key={d.id} data-testid="delivery-row">
              <td className="px-5 py-2 text-xs whitespace-nowrap">
                <RelativeTime iso={d.createdAt} />
              </td>
              <td className="px-5 py-2">{d.webhook}</td>
              <td className="px-5 py-2 text-xs">
                {d.kind === "test" ? "Test" : "Standup"}
                {d.day ? <span className="text-muted"> of {d.day}</span> : null}
              </td>
              <td
                className={cn("px-5 py-2 text-xs font-medium", STATUS[d.status])}
                data-testid="delivery-status"
              >
                {d.status}
              </td>
              <td className="px-5 py-2 text-xs tabular-nums">{d.attempts}</td>
              <td
                className="max-w-80 truncate px-5 py-2 font-mono text-xs text-muted"
                title={d.error ?? undefined}
              >
                {d.responseStatus ? `HTTP ${d.responseStatus}` : ""}
                {d.error && !d.responseStatus ? d.error : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
