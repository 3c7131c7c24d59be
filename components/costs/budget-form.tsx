"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { createBudgetAction } from "@/lib/costs/actions";

type Scope = "project" | "agent" | "model";

/** Admins: a budget for the project in view, or one of its agents or models. */
export function BudgetForm({
  facets,
  onDone,
}: {
  facets: { agents: string[]; models: string[] };
  onDone: () => void;
}) {
  const router = useRouter();
  const [scope, setScope] = useState<Scope>("project");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const field = (k: string) => String(form.get(k) ?? "").trim();
    startTransition(async () => {
      const r = await createBudgetAction({
        name: field("name") || undefined,
        scope,
        target: scope === "project" ? undefined : field("target"),
        period: field("period") as "daily" | "monthly",
        amountUsd: field("amount"),
        warnPercent: field("warn"),
      });
      if (!r.ok) return setError(r.error);
      setError(null);
      onDone();
      router.refresh();
    });
  }

  const targets = scope === "agent" ? facets.agents : facets.models;
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 border-b border-border px-5 py-4 sm:grid-cols-3 lg:grid-cols-[1fr_auto_1fr_auto_auto_auto_auto] lg:items-end"
      data-testid="budget-form"
    >
      <Field label="Name (optional)" htmlFor="budget-name">
        <Input id="budget-name" name="name" placeholder="e.g. Fleet, monthly" data-testid="budget-name" />
      </Field>
      <Field label="Scope" htmlFor="budget-scope">
        <Select
          id="budget-scope"
          value={scope}
          onChange={(e) => setScope(e.target.value as Scope)}
          data-testid="budget-scope"
        >
          <option value="project">Whole project</option>
          <option value="agent">One agent</option>
          <option value="model">One model</option>
        </Select>
      </Field>
      <Field
        label={scope === "project" ? "Target" : scope === "agent" ? "Agent" : "Model"}
        htmlFor="budget-target"
      >
        <Input
          id="budget-target"
          name="target"
          list="budget-targets"
          disabled={scope === "project"}
          required={scope !== "project"}
          placeholder={scope === "project" ? "the whole project" : `${scope} name`}
          data-testid="budget-target"
        />
        <datalist id="budget-targets">
          {targets.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </Field>
      <Field label="Period" htmlFor="budget-period">
        <Select id="budget-period" name="period" defaultValue="monthly" data-testid="budget-period">
          <option value="daily">Daily</option>
          <option value="monthly">Monthly</option>
        </Select>
      </Field>
      <Field label="Amount (USD)" htmlFor="budget-amount">
        <Input
          id="budget-amount"
          name="amount"
          type="number"
          min="0.01"
          step="0.01"
          required
          className="max-w-28"
          data-testid="budget-amount"
        />
      </Field>
      <Field label="Warn at (%)" htmlFor="budget-warn">
        <Input
          id="budget-warn"
          name="warn"
          type="number"
          min="1"
          max="100"
          defaultValue={80}
          required
          className="max-w-20"
          data-testid="budget-warn"
        />
      </Field>
      <Button type="submit" disabled={pending} data-testid="budget-save">
        {pending ? "Saving…" : "Add budget"}
      </Button>
      {error ? (
        <p role="alert" className="text-xs text-red-600 sm:col-span-3 lg:col-span-7">
          {error}
        </p>
      ) : null}
    </form>
  );
}
