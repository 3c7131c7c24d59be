"use client";
// Retention of the project in view: how long raw events and transcripts are kept, and how long jobs, failure
// issues and cost rollups are. Admins change it; everyone sees it.
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { saveRetentionAction } from "@/lib/retention/actions";

type Props = {
  rawRetentionDays: number;
  jobRetentionDays: number;
  /** ISO time before which raw events were removed, if any were. */
  removedBefore: string | null;
  canEdit: boolean;
};

export function ProjectRetentionForm({ rawRetentionDays, jobRetentionDays, removedBefore, canEdit }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setMessage(null);
    startTransition(async () => {
      const r = await saveRetentionAction({
        raw_retention_days: Number(form.get("raw")),
        job_retention_days: Number(form.get("jobs")),
      });
      setMessage(
        r.ok ? { ok: true, text: "Saved. The next hourly run applies it." } : { ok: false, text: r.error },
      );
      if (r.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="retention-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Raw events and transcripts (days)"
          htmlFor="fw-raw-retention"
          hint="Whole UTC days older than this are removed, with the transcripts of their jobs."
        >
          <Input
            id="fw-raw-retention"
            name="raw"
            type="number"
            min={1}
            max={3650}
            step={1}
            required
            defaultValue={rawRetentionDays}
            disabled={!canEdit}
            data-testid="retention-raw"
          />
        </Field>
        <Field
          label="Jobs, failure issues and cost rollups (days)"
          htmlFor="fw-job-retention"
          hint="At least as long as raw events. Issues not seen within it go too."
        >
          <Input
            id="fw-job-retention"
            name="jobs"
            type="number"
            min={1}
            max={3650}
            step={1}
            required
            defaultValue={jobRetentionDays}
            disabled={!canEdit}
            data-testid="retention-jobs"
          />
        </Field>
      </div>
      <p className="text-xs text-muted" data-testid="retention-removed-before">
        {removedBefore
          ? `Raw events before ${new Date(removedBefore).toUTCString().slice(5, 16)} have been removed. Export what you need first (npm run export).`
          : "No raw events have been removed yet. Export what you need to keep longer with npm run export."}
      </p>
      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="secondary" disabled={pending} data-testid="save-retention">
            {pending ? "Saving…" : "Save retention"}
          </Button>
          {message ? (
            <p
              role={message.ok ? "status" : "alert"}
              data-testid="retention-message"
              className={
                message.ok
                  ? "text-xs text-emerald-700 dark:text-emerald-400"
                  : "text-xs text-red-600 dark:text-red-400"
              }
            >
              {message.text}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-xs text-muted">Only an admin can change these.</p>
      )}
    </form>
  );
}
