"use client";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import type { EscalationPolicyView } from "@/lib/alerts/config-schemas";
import { type FieldErrors, fieldErrors } from "@/lib/alerts/rule-draft";
import type { Choice } from "./rule-form";
import { FieldError } from "./rule-params-fields";

export type Step = EscalationPolicyView["steps"][number];
export type PolicyDraft = { id: string | null; name: string; repeat: number; steps: Step[] };

export const blankStep = (): Step => ({ afterMinutes: 15, destinationIds: [], memberIds: [] });
const toggle = (list: string[], id: string, on: boolean) =>
  on ? [...list, id] : list.filter((x) => x !== id);

function Checks({
  label,
  choices,
  value,
  onChange,
  testId,
}: {
  label: string;
  choices: Choice[];
  value: string[];
  onChange: (v: string[]) => void;
  testId: string;
}) {
  return (
    <div>
      <p className="mb-1 text-xs font-medium">{label}</p>
      {choices.length === 0 ? <p className="text-xs text-muted">None yet.</p> : null}
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid={testId}>
        {choices.map((c) => (
          <label key={c.id} className="inline-flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={value.includes(c.id)}
              onChange={(e) => onChange(toggle(value, c.id, e.target.checked))}
            />
            {c.name}
          </label>
        ))}
      </div>
    </div>
  );
}

/** Ordered steps: each after some minutes without acknowledgement, to destinations and members. */
export function PolicyForm({
  initial,
  destinations,
  members,
  onDone,
}: {
  initial: PolicyDraft;
  destinations: Choice[];
  members: Choice[];
  onDone: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const setStep = (i: number, patch: Partial<Step>) =>
    setDraft((d) => ({ ...d, steps: d.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const move = (i: number, by: number) =>
    setDraft((d) => {
      const steps = [...d.steps];
      const [step] = steps.splice(i, 1);
      if (step) steps.splice(i + by, 0, step);
      return { ...d, steps };
    });

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const res = await fetch(
      draft.id ? `/api/v1/escalation-policies/${draft.id}` : "/api/v1/escalation-policies",
      {
        method: draft.id ? "PATCH" : "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: draft.name, repeat: draft.repeat, steps: draft.steps }),
      },
    ).catch(() => null);
    if (res?.ok) return onDone();
    const json = (await res?.json().catch(() => null)) as {
      error?: { message?: string; details?: unknown };
    } | null;
    setErrors(fieldErrors(json?.error ?? { message: "The server did not answer; try again." }));
  }

  const stepError = (i: number) => Object.entries(errors).find(([p]) => p.startsWith(`steps.${i}`))?.[1];
  return (
    <form
      onSubmit={save}
      className="space-y-4 border-t border-border px-5 py-4"
      data-testid="policy-form"
      noValidate
    >
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <Field label="Name" htmlFor="policy-name">
          <Input
            id="policy-name"
            data-testid="policy-name"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <FieldError errors={errors} path="name" />
        </Field>
        <Field label="Start over (times)" htmlFor="policy-repeat">
          <Input
            id="policy-repeat"
            type="number"
            min={0}
            max={10}
            value={draft.repeat}
            onChange={(e) => setDraft({ ...draft, repeat: Number(e.target.value) })}
          />
          <FieldError errors={errors} path="repeat" />
        </Field>
      </div>
      <ol className="space-y-3">
        {draft.steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity but their position
          <li key={i} className="rounded-md border border-border p-3" data-testid="policy-step">
            <div className="mb-2 flex flex-wrap items-end gap-3">
              <span className="pb-2 text-xs font-semibold text-muted">Step {i + 1}</span>
              <Field
                label={i === 0 ? "After opening (min)" : "After the step before (min)"}
                htmlFor={`step-${i}-after`}
              >
                <Input
                  id={`step-${i}-after`}
                  type="number"
                  min={1}
                  max={1440}
                  className="w-28"
                  value={s.afterMinutes}
                  onChange={(e) => setStep(i, { afterMinutes: Number(e.target.value) })}
                />
              </Field>
              <div className="ml-auto flex gap-1">
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label="Move up"
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  <ArrowUp className="size-3.5" />
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label="Move down"
                  disabled={i === draft.steps.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <ArrowDown className="size-3.5" />
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label="Remove step"
                  disabled={draft.steps.length === 1}
                  onClick={() => setDraft({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
                >
                  <Trash2 className="size-3.5" />
                </Button>
              </div>
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <Checks
                label="Destinations"
                choices={destinations}
                value={s.destinationIds}
                onChange={(v) => setStep(i, { destinationIds: v })}
                testId={`step-${i}-destinations`}
              />
              <Checks
                label="Members (email)"
                choices={members}
                value={s.memberIds}
                onChange={(v) => setStep(i, { memberIds: v })}
                testId={`step-${i}-members`}
              />
            </div>
            {stepError(i) ? <p className="mt-2 text-xs text-red-600">{stepError(i)}</p> : null}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={draft.steps.length >= 10}
          data-testid="policy-add-step"
          onClick={() => setDraft({ ...draft, steps: [...draft.steps, blankStep()] })}
        >
          <Plus className="size-3.5" /> Add step
        </Button>
        <div className="flex gap-2">
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" data-testid="policy-save">
            {draft.id ? "Save policy" : "Create policy"}
          </Button>
        </div>
      </div>
      {errors[""] || errors.steps ? (
        <p role="alert" className="text-sm text-red-600">
          {errors[""] ?? errors.steps}
        </p>
      ) : null}
    </form>
  );
}
