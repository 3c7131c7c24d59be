"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { saveScheduleAction } from "@/lib/standups/actions";

/** When the fleet standup is posted (or not), in the project's time zone (set with the fleet thresholds). */
export function StandupScheduleForm({
  standupTime,
  timezone,
  canEdit,
}: {
  standupTime: string | null;
  timezone: string;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [on, setOn] = useState(standupTime !== null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(async () => {
      const r = await saveScheduleAction({
        standupTime: on ? String(form.get("time") ?? "") : null,
      });
      setMessage(r.ok ? { ok: true, text: "Saved." } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    });
  }

  return (
    <form
      onSubmit={submit}
      className="grid gap-4 md:grid-cols-[auto_10rem_1fr_auto] md:items-end"
      data-testid="schedule-form"
    >
      <label className="inline-flex items-center gap-2 pb-2 text-sm">
        <input
          type="checkbox"
          checked={on}
          disabled={!canEdit}
          onChange={(e) => setOn(e.target.checked)}
          data-testid="schedule-enabled"
        />
        Post the fleet standup daily
      </label>
      <Field label="At" htmlFor="standup-time">
        <Input
          id="standup-time"
          name="time"
          type="time"
          required={on}
          disabled={!on || !canEdit}
          defaultValue={standupTime ?? "09:00"}
          data-testid="schedule-time"
          className="dark:[color-scheme:dark]"
        />
      </Field>
      <p className="pb-2 text-sm text-muted" data-testid="schedule-zone">
        {timezone} time ·{" "}
        <Link href="/settings" className="text-accent hover:underline">
          change the project's time zone
        </Link>
      </p>
      {canEdit ? (
        <Button type="submit" disabled={pending} data-testid="schedule-save">
          {pending ? "Saving…" : "Save"}
        </Button>
      ) : null}
      {message ? (
        <p
          className={`text-xs md:col-span-4 ${message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600"}`}
          data-testid="schedule-message"
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
