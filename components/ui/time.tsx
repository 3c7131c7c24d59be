"use client";
import { useEffect, useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";

/** A time shown relative ("5m ago") with the exact local time on hover. */
export function RelativeTime({ iso }: { iso: string | null }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!iso) return <span className="text-muted">—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} suppressHydrationWarning>
      {now === null ? formatDateTime(iso, "UTC") : formatRelative(iso, now)}
    </time>
  );
}
