"use client";
import { Button } from "@/components/ui/button";
import type { LastChange } from "./use-triage-queue";

/** "Resolved “title”. Undo (u)": the last triage change of the queue, while it can still be taken back. */
export function UndoToast({
  change,
  undoing,
  onUndo,
}: {
  change: LastChange | null;
  undoing: boolean;
  onUndo: () => void;
}) {
  if (!change) return null;
  return (
    <div
      role="status"
      className="flex items-center gap-3 rounded-md border border-border bg-panel px-3 py-2 text-sm shadow-sm"
      data-testid="queue-undo"
    >
      <span className="min-w-0 flex-1 truncate">
        <span className="font-medium capitalize">{change.verb}</span>{" "}
        <span className="text-muted">“{change.title}”</span>
      </span>
      <Button
        size="sm"
        variant="secondary"
        disabled={undoing}
        onClick={onUndo}
        data-testid="queue-undo-button"
      >
        Undo (u)
      </Button>
    </div>
  );
}
