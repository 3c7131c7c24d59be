"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { createScheduleAction, updateScheduleAction } from "@/lib/schedules/actions";

export type ScheduleRowView = {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  agentName: string | null;
  graceSeconds: number | null;
  enabled: boolean;
};

/** Declares a schedule (no `initial`) or edits one. The grace left empty is the default. */
export function ScheduleForm({
  initial,
  defaultZone,
  onDone,
}: {
  initial?: ScheduleRowView;
  defaultZone: string;
  onDone?: () => void;
}) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const prefix = initial ? `edit-${initial.id}` : "new-schedule";

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const grace = String(f.get("grace") ?? "").trim();
    const input = {
      name: String(f.get("name") ?? ""),
      cron: String(f.get("cron") ?? ""),
      timezone: String(f.get("timezone") ?? ""),
      agentName: String(f.get("agent") ?? ""),
      graceMinutes: grace === "" ? null : Number(grace),
      enabled: f.get("enabled") === "on",
    };
    setSaved(false);
    run(
      () => (initial ? updateScheduleAction(initial.id, input) : createScheduleAction(input)),
      () => {
        setSaved(true);
        if (!initial) form.reset();
        router.refresh();
        onDone?.();
      },
    );
  }

  return (
    <form
      onSubmit={submit}
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
      data-testid={`${prefix}-form`}
    >
      <Field label="Name" htmlFor={`${prefix}-name`} hint="Runners name it in trigger.name">
        <Input id={`${prefix}-name`} name="name" required maxLength={200} defaultValue={initial?.name} />
      </Field>
      <Field label="Cron" htmlFor={`${prefix}-cron`} hint="5 or 6 fields, or @daily, @hourly…">
        <Input
          id={`${prefix}-cron`}
          name="cron"
          required
          maxLength={200}
          placeholder="0 3 * * *"
          defaultValue={initial?.cron}
          className="font-mono"
        />
      </Field>
      <Field label="Time zone" htmlFor={`${prefix}-tz`}>
        <Input
          id={`${prefix}-tz`}
          name="timezone"
          required
          maxLength={100}
          defaultValue={initial?.timezone ?? defaultZone}
        />
      </Field>
      <Field
        label="Agent (optional)"
        htmlFor={`${prefix}-agent`}
        hint="Its jobs that name no schedule count too"
      >
        <Input id={`${prefix}-agent`} name="agent" maxLength={200} defaultValue={initial?.agentName ?? ""} />
      </Field>
      <Field
        label="Grace (minutes)"
        htmlFor={`${prefix}-grace`}
        hint="Empty: 10% of the interval, at most 10 min"
      >
        <Input
          id={`${prefix}-grace`}
          name="grace"
          type="number"
          min={0}
          max={1440}
          defaultValue={
            initial?.graceSeconds === null || !initial ? "" : Math.round(initial.graceSeconds / 60)
          }
        />
      </Field>
      <div className="flex items-end gap-4 pb-1">
        <label className="inline-flex items-center gap-2 pb-1.5 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} />
          Enabled
        </label>
        <Button type="submit" disabled={pending} data-testid={`${prefix}-save`}>
          {pending ? "Saving…" : initial ? "Save" : "Add schedule"}
        </Button>
      </div>
      <div className="sm:col-span-2 lg:col-span-3">
        <ActionError error={error} />
        {saved && !error ? (
          <p className="text-xs text-emerald-700 dark:text-emerald-400" data-testid={`${prefix}-saved`}>
            Saved.
          </p>
        ) : null}
      </div>
    </form>
  );
}
