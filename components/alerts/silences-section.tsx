"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import type { SilenceView } from "@/lib/alerts/config-schemas";
import { type FieldErrors, fieldErrors } from "@/lib/alerts/rule-draft";
import { send } from "@/lib/client/send";
import { formatDateTime } from "@/lib/format";
import type { Choice } from "./rule-form";
import { FieldError } from "./rule-params-fields";

const localToIso = (v: string) => (v ? new Date(v).toISOString() : undefined);

function describeMatchers(m: SilenceView["matchers"], rules: Choice[]) {
  const parts = [
    m.ruleId ? `rule ${rules.find((r) => r.id === m.ruleId)?.name ?? "(deleted)"}` : null,
    m.agent ? `agent ${m.agent}` : null,
    m.model ? `model ${m.model}` : null,
    m.harness ? `harness ${m.harness}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "Everything in this project";
}

function schedule(s: SilenceView) {
  if (s.cron)
    return `${s.cron} for ${s.durationMinutes} min${s.endsAt ? ` until ${formatDateTime(s.endsAt)}` : ""}`;
  return `${formatDateTime(s.startsAt)} → ${s.endsAt ? formatDateTime(s.endsAt) : "…"}`;
}

export function SilencesSection({
  silences,
  rules,
  canEdit,
}: {
  silences: SilenceView[];
  rules: Choice[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [mode, setMode] = useState<"once" | "recurring">("once");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);

  async function add(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    const matchers = Object.fromEntries(
      (["ruleId", "agent", "model", "harness"] as const).map((k) => [k, text(k)]).filter(([, v]) => v),
    );
    const body =
      mode === "once"
        ? {
            matchers,
            reason: text("reason"),
            startsAt: localToIso(String(f.get("startsAt") ?? "")),
            endsAt: localToIso(String(f.get("endsAt") ?? "")),
          }
        : {
            matchers,
            reason: text("reason"),
            cron: text("cron"),
            durationMinutes: Number(f.get("durationMinutes")) || undefined,
            endsAt: localToIso(String(f.get("untilAt") ?? "")),
          };
    setSaving(true);
    const res = await fetch("/api/v1/silences", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    setSaving(false);
    if (res?.ok) {
      setErrors({});
      (e.target as HTMLFormElement).reset();
      return router.refresh();
    }
    const json = (await res?.json().catch(() => null)) as {
      error?: { message?: string; details?: unknown };
    } | null;
    setErrors(fieldErrors(json?.error ?? { message: "The server did not answer; try again." }));
  }

  async function remove(id: string) {
    const sent = await send(`/api/v1/silences/${id}`, "DELETE");
    setRemoveError(sent.ok ? null : sent.error);
    router.refresh();
  }

  return (
    <>
      <ActionError error={removeError} testId="silences-error" className="px-5 pt-3" />
      {silences.length === 0 ? (
        <p className="px-5 py-6 text-sm text-muted" data-testid="silences-empty">
          No silence: every incident is delivered.
        </p>
      ) : (
        <ul className="divide-y divide-border" data-testid="silences-list">
          {silences.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-3 px-5 py-3" data-testid="silence-row">
              <span
                className={
                  s.active
                    ? "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300"
                    : "rounded-full bg-subtle px-2 py-0.5 text-xs text-muted"
                }
              >
                {s.active ? "muting now" : "not now"}
              </span>
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{describeMatchers(s.matchers, rules)}</p>
                <p className="truncate text-xs text-muted">
                  {schedule(s)}
                  {s.reason ? ` · ${s.reason}` : ""}
                </p>
              </div>
              {canEdit ? (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => void remove(s.id)}
                  data-testid="silence-delete"
                >
                  Delete
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <form
          onSubmit={add}
          className="space-y-4 border-t border-border px-5 py-4"
          data-testid="silence-form"
          noValidate
        >
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                checked={mode === "once"}
                onChange={() => setMode("once")}
                data-testid="silence-once"
              />{" "}
              One-off
            </label>
            <label className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                checked={mode === "recurring"}
                onChange={() => setMode("recurring")}
                data-testid="silence-recurring"
              />{" "}
              Recurring (cron)
            </label>
          </div>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Field label="Rule" htmlFor="silence-rule">
              <Select id="silence-rule" name="ruleId" className="w-full">
                <option value="">Any rule</option>
                {rules.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </Select>
              <FieldError errors={errors} path="matchers.ruleId" />
            </Field>
            {(["agent", "model", "harness"] as const).map((k) => (
              <Field key={k} label={k[0]?.toUpperCase() + k.slice(1)} htmlFor={`silence-${k}`}>
                <Input id={`silence-${k}`} name={k} placeholder="any" />
              </Field>
            ))}
          </div>
          {mode === "once" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Starts (empty: now)" htmlFor="silence-starts">
                <Input id="silence-starts" name="startsAt" type="datetime-local" />
              </Field>
              <Field label="Ends" htmlFor="silence-ends">
                <Input id="silence-ends" name="endsAt" type="datetime-local" data-testid="silence-ends" />
                <FieldError errors={errors} path="endsAt" />
              </Field>
            </div>
          ) : (
            <div className="grid gap-4 sm:grid-cols-3">
              <Field
                label="Cron (project time zone)"
                htmlFor="silence-cron"
                hint="0 2 * * 6: Saturdays at 02:00"
              >
                <Input id="silence-cron" name="cron" placeholder="0 2 * * 6" data-testid="silence-cron" />
                <FieldError errors={errors} path="cron" />
              </Field>
              <Field label="For (minutes)" htmlFor="silence-duration">
                <Input
                  id="silence-duration"
                  name="durationMinutes"
                  type="number"
                  min={1}
                  data-testid="silence-duration"
                />
                <FieldError errors={errors} path="durationMinutes" />
              </Field>
              <Field label="Until (empty: forever)" htmlFor="silence-until">
                <Input id="silence-until" name="untilAt" type="datetime-local" />
                <FieldError errors={errors} path="endsAt" />
              </Field>
            </div>
          )}
          <div className="flex flex-wrap items-end gap-4">
            <div className="min-w-[16rem] flex-1">
              <Field label="Reason" htmlFor="silence-reason">
                <Input
                  id="silence-reason"
                  name="reason"
                  maxLength={500}
                  placeholder="e.g. weekly maintenance window"
                />
              </Field>
            </div>
            <Button type="submit" disabled={saving} data-testid="silence-add">
              {saving ? "Adding…" : "Add silence"}
            </Button>
          </div>
          {errors[""] ? (
            <p role="alert" className="text-sm text-red-600" data-testid="silence-error">
              {errors[""]}
            </p>
          ) : null}
        </form>
      ) : null}
    </>
  );
}
