"use client";
// "Live · updated 3s ago": shows that the figures refresh by themselves, and when they last did.
import { useEffect, useState } from "react";
import { cn } from "@/lib/cn";

export function LiveIndicator({ updatedAt, failed }: { updatedAt: number; failed: boolean }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const ago = now === null || !updatedAt ? null : Math.max(0, Math.round((now - updatedAt) / 1000));
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs whitespace-nowrap text-muted"
      data-testid="live-indicator"
    >
      <span className={cn("size-2 rounded-full", failed ? "bg-red-500" : "animate-pulse bg-emerald-500")} />
      {failed ? "Reconnecting" : "Live"}
      {ago !== null ? <span className="tabular-nums">· updated {ago}s ago</span> : null}
    </span>
  );
}
