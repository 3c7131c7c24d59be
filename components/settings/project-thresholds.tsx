"use client";
// Fleet thresholds of the project in view: the time zone "today" is counted in, and when a running job counts
// as stalled and a silent agent as offline. Minutes in the form, seconds in the database.
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { saveThresholdsAction } from "@/lib/projects/settings-actions";

type Props = {
  timezone: string;
  stallAfterSeconds: number;
  offlineAfterSeconds: number;
  zones: string[];
  canEdit: boolean;
};

export function ProjectThresholdsForm({
  timezone,
  stallAfterSeconds,
  offlineAfterSeconds,
  zones,
  canEdit,
}: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const options = zones.includes(timezone) ? zones : [timezone, ...zones];

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const minutes = (name: string) => Math.round(Number(form.get(name)) * 60);
    setMessage(null);
    startTransition(async () => {
      const r = await saveThresholdsAction({
        timezone: String(form.get("timezone") ?? ""),
        stall_after_seconds: minutes("stall"),
        offline_after_seconds: minutes("offline"),
      });
      setMessage(r.ok ? { ok: true, text: "Saved." } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="thresholds-form">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="Time zone"
          htmlFor="fw-timezone"
          hint="Where a day starts: today's jobs, standups, daily budgets."
        >
          <Select
            id="fw-timezone"
            name="timezone"
            defaultValue={timezone}
            disabled={!canEdit}
            className="w-full"
            data-testid="threshold-timezone"
          >
            {options.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Stall after (minutes)"
          htmlFor="fw-stall"
          hint="A running job with no event for this long is stalled."
        >
          <Input
            id="fw-stall"
            name="stall"
            type="number"
            min={1}
            max={1440}
            step="any"
            required
            defaultValue={stallAfterSeconds / 60}
            disabled={!canEdit}
            data-testid="threshold-stall"
          />
        </Field>
        <Field
          label="Offline after (minutes)"
          htmlFor="fw-offline"
          hint="An agent with no heartbeat and no event for this long is offline."
        >
          <Input
            id="fw-offline"
            name="offline"
            type="number"
            min={1}
            max={10080}
            step="any"
            required
            defaultValue={offlineAfterSeconds / 60}
            disabled={!canEdit}
            data-testid="threshold-offline"
          />
        </Field>
      </div>
      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="secondary" disabled={pending} data-testid="save-thresholds">
            {pending ? "Saving…" : "Save thresholds"}
          </Button>
          {message ? (
            <p
              role={message.ok ? "status" : "alert"}
              data-testid="thresholds-message"
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
