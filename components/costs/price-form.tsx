"use client";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { savePriceAction } from "@/lib/costs/actions";
import { defaultPattern, type PriceRow } from "@/lib/costs/pricing";

/** A price row as the settings page shows it (lib/costs/pricing's row with its id and origin). */
export type PriceView = PriceRow & { id: string; origin: string };

const PRICE_FIELDS = [
  ["input", "Input", true],
  ["output", "Output", true],
  ["cacheRead", "Cache read", false],
  ["cacheWrite5m", "Cache write (5 min)", false],
  ["cacheWrite1h", "Cache write (1 hour)", false],
] as const;
const LONG_FIELDS = [
  ["longInput", "Input"],
  ["longOutput", "Output"],
  ["longCacheRead", "Cache read"],
  ["longCacheWrite5m", "Cache write 5m"],
  ["longCacheWrite1h", "Cache write 1h"],
] as const;

const str = (v: number | string | null | undefined) => (v == null ? "" : String(v));

/**
 * Edits a row (`initial` with an id), or adds one: a new model (no `initial`) or a price change of a model from a
 * date (`initial` copied from its current row, without the id).
 */
export function PriceForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: Partial<PriceView> | null;
  onSaved: (effectiveFrom: string) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const editing = Boolean(initial?.id);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const f = (k: string) => String(form.get(k) ?? "").trim();
    const model = f("model");
    const input = {
      id: initial?.id,
      provider: f("provider"),
      model,
      pattern: f("pattern") || defaultPattern(model),
      input: f("input"),
      output: f("output"),
      cacheRead: f("cacheRead"),
      cacheWrite5m: f("cacheWrite5m"),
      cacheWrite1h: f("cacheWrite1h"),
      longContextThreshold: f("longContextThreshold"),
      longInput: f("longInput"),
      longOutput: f("longOutput"),
      longCacheRead: f("longCacheRead"),
      longCacheWrite5m: f("longCacheWrite5m"),
      longCacheWrite1h: f("longCacheWrite1h"),
      effectiveFrom: f("effectiveFrom"),
      source: f("source") || "Entered by an admin",
    };
    startTransition(async () => {
      const r = await savePriceAction(input);
      if (!r.ok) return setError(r.error);
      setError(null);
      onSaved(input.effectiveFrom);
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4 border-b border-border px-5 py-4" data-testid="price-form">
      <p className="text-sm font-medium">
        {editing
          ? `Edit ${initial?.model} from ${initial?.effectiveFrom}`
          : initial?.model
            ? `New price for ${initial.model}`
            : "Add a model"}
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Provider" htmlFor="price-provider">
          <Input
            id="price-provider"
            name="provider"
            required
            defaultValue={initial?.provider ?? ""}
            placeholder="anthropic"
            data-testid="price-provider"
          />
        </Field>
        <Field label="Model" htmlFor="price-model">
          <Input
            id="price-model"
            name="model"
            required
            defaultValue={initial?.model ?? ""}
            placeholder="claude-sonnet-4-5"
            data-testid="price-model"
          />
        </Field>
        <Field label="Effective from (UTC day)" htmlFor="price-from">
          <Input
            id="price-from"
            name="effectiveFrom"
            type="date"
            required
            defaultValue={initial?.effectiveFrom ?? ""}
            data-testid="price-effective-from"
          />
        </Field>
        <Field label="Source" htmlFor="price-source">
          <Input
            id="price-source"
            name="source"
            defaultValue={initial?.source ?? ""}
            placeholder="pricing page URL or note"
            data-testid="price-source"
          />
        </Field>
      </div>
      <Field
        label="Pattern (regular expression, RE2 syntax, matched against reported model names)"
        htmlFor="price-pattern"
        hint="Leave empty to match the model's name, with a provider prefix or a date suffix."
      >
        <Input
          id="price-pattern"
          name="pattern"
          defaultValue={initial?.pattern ?? ""}
          className="font-mono text-xs"
          data-testid="price-pattern"
        />
      </Field>
      <fieldset>
        <legend className="mb-1.5 text-xs font-medium">USD per million tokens</legend>
        <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
          {PRICE_FIELDS.map(([key, label, required]) => (
            <Field key={key} label={label} htmlFor={`price-${key}`}>
              <Input
                id={`price-${key}`}
                name={key}
                type="number"
                min="0"
                step="any"
                required={required}
                defaultValue={str(initial?.[key])}
                placeholder={required ? "" : "as input"}
                data-testid={`price-${key}`}
              />
            </Field>
          ))}
        </div>
      </fieldset>
      <details open={Boolean(initial?.longContextThreshold)}>
        <summary className="cursor-pointer text-xs font-medium text-muted">
          Long-context tier (optional)
        </summary>
        <div className="mt-2 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Field label="Above prompt tokens" htmlFor="price-longContextThreshold">
            <Input
              id="price-longContextThreshold"
              name="longContextThreshold"
              type="number"
              min="1"
              step="1"
              defaultValue={str(initial?.longContextThreshold)}
            />
          </Field>
          {LONG_FIELDS.map(([key, label]) => (
            <Field key={key} label={label} htmlFor={`price-${key}`}>
              <Input
                id={`price-${key}`}
                name={key}
                type="number"
                min="0"
                step="any"
                defaultValue={str(initial?.[key])}
              />
            </Field>
          ))}
        </div>
      </details>
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={pending} data-testid="price-save">
          {pending ? "Saving…" : "Save price"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        {error ? (
          <p role="alert" className="text-xs text-red-600" data-testid="price-error">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
