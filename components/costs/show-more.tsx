"use client";
import { useState } from "react";

/** The first `limit` rows until the reader asks for all of them; the button is null when all fit. */
export function useShowMore<T>(rows: T[], limit: number) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, limit);
  const button =
    rows.length > limit ? (
      <button
        type="button"
        data-testid="show-more"
        onClick={() => setAll(!all)}
        className="w-full border-t border-border px-4 py-2 text-left text-xs text-accent hover:bg-subtle"
      >
        {all ? "Show fewer" : `Show all ${rows.length}`}
      </button>
    ) : null;
  return [shown, button] as const;
}
