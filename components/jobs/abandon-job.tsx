"use client";
// "Mark abandoned" on a stalled job (job page, agent page): asks for a note, prefilled with how long the job has
// been silent, then ends the job as cancelled through POST /api/v1/jobs/{id}/abandon. The reason stored starts
// with who did it, written by the server; the form shows that part as fixed text. Shown to members and up.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function AbandonJob({
  jobId,
  label,
  who,
  defaultNote,
  onDone,
}: {
  jobId: string;
  /** The job's title or id, for the button's accessible name. */
  label: string;
  /** The signed-in user's email: the reason starts "abandoned by <who>:". */
  who: string;
  defaultNote: string;
  onDone?: () => void;
}) {
  const router = useRouter();
  const inputId = useId();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState(defaultNote);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      setError(null);
      const res = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/abandon`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(note.trim() ? { note: note.trim() } : {}),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? `That did not work (${res.status}).`);
        return;
      }
      setOpen(false);
      onDone?.();
      router.refresh();
    });

  if (!open) {
    return (
      <Button
        variant="secondary"
        size="sm"
        aria-label={`Mark ${label} abandoned`}
        data-testid="abandon-open"
        onClick={() => {
          setNote(defaultNote);
          setOpen(true);
        }}
      >
        Mark abandoned
      </Button>
    );
  }
  return (
    <form
      className="w-full space-y-2 rounded-md border border-amber-300 bg-amber-50/60 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/30"
      data-testid="abandon-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={inputId} className="block text-xs text-muted">
        Ends the job as cancelled with this reason, in its transcript and the audit log.
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <span className="shrink-0 font-mono text-xs break-all">abandoned by {who}:</span>
        <Input
          id={inputId}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          className="h-8 min-w-0 flex-1 basis-48 text-xs"
          data-testid="abandon-note"
        />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="danger" size="sm" disabled={pending} data-testid="abandon-confirm">
          {pending ? "Marking…" : "Mark abandoned"}
        </Button>
        <Button variant="ghost" size="sm" disabled={pending} onClick={() => setOpen(false)}>
          Keep it running
        </Button>
        {error ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400" data-testid="abandon-error">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
