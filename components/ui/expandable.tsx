"use client";
import { type ReactNode, useState } from "react";

/** Content cut to a few lines until the reader asks for all of it. */
export function Expandable({ children, long }: { children: ReactNode; long: boolean }) {
  const [open, setOpen] = useState(false);
  if (!long) return <>{children}</>;
  return (
    <div>
      <div className={open ? "" : "relative max-h-28 overflow-hidden"}>
        {children}
        {open ? null : (
          <div className="absolute inset-x-0 bottom-0 h-10 bg-gradient-to-t from-panel to-transparent" />
        )}
      </div>
      <button
        type="button"
        onClick={() => setOpen(!open)}
        className="mt-1 text-xs text-accent hover:underline"
      >
        {open ? "Show less" : "Show more"}
      </button>
    </div>
  );
}
