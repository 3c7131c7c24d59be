import { formatDateTime, formatRelative } from "@/lib/format";

/**
 * A time relative to the moment the live figures were derived (the server's `now` of the last refresh), so it
 * moves with every refresh and agrees with the statuses beside it; the exact time on hover.
 */
export function Ago({ iso, now }: { iso: string | null; now: string }) {
  if (!iso) return <span className="text-muted">—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} suppressHydrationWarning>
      {formatRelative(iso, Date.parse(now))}
    </time>
  );
}
