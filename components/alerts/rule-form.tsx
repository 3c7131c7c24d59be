"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { ALERT_RULE_KINDS, type AlertRuleKind, SEVERITIES } from "@/db/schema/alerts";
import {
  DEFAULT_PARAMS,
  draftToBody,
  type FieldErrors,
  fieldErrors,
  KIND_LABELS,
  type RuleDraft,
} from "@/lib/alerts/rule-draft";
import { GROUP_BY } from "@/lib/alerts/rule-schemas";
import { RuleBacktest } from "./rule-backtest";
import { FieldError, RuleParamsFields } from "./rule-params-fields";

export type Choice = { id: string; name: string; detail?: string };

const FILTERS = [
  ["agent", "Agent", "builder-7"],
  ["model", "Model", "claude-sonnet-4-5"],
  ["harness", "Harness", "claude-code"],
  ["failureClass", "Failure class", "rate_limit"],
  ["label", "Label", "team=payments"],
] as const;

/** New or edit: POST or PATCH the whole rule; the server's field errors are shown beside their fields. */
export function RuleForm({
  initial,
  ruleId,
  destinations,
  policies,
  onDone,
  onCancel,
}: {
  initial: RuleDraft;
  ruleId: string | null;
  destinations: Choice[];
  policies: Choice[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const patch = (p: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...p }));

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    setErrors({});
    const res = await fetch(ruleId ? `/api/v1/alert-rules/${ruleId}` : "/api/v1/alert-rules", {
      method: ruleId ? "PATCH" : "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(draftToBody(draft)),
    }).catch(() => null);
    setSaving(false);
    if (res?.ok) return onDone();
    const body = (await res?.json().catch(() => null)) as {
      error?: { message?: string; details?: unknown };
    } | null;
    setErrors(fieldErrors(body?.error ?? { message: "The server did not answer; try again." }));
  }

  const unplaced = Object.entries(errors).filter(
    ([path]) =>
      path === "" ||
      !/^(name|kind|params\.|filters\.|groupBy|severity|destinationIds|escalationPolicyId|resolveAfterMinutes)/.test(
        path,
      ),
  );
  return (
    <form onSubmit={save} className="space-y-5 px-5 py-4" data-testid="rule-form" noValidate>
      {unplaced.length ? (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="rule-form-error"
        >
          {unplaced.map(([, m]) => m).join(" ")}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" htmlFor="rule-name">
          <Input
            id="rule-name"
            data-testid="rule-name"
            value={draft.name}
            maxLength={120}
            placeholder="e.g. Failure rate above 20%"
            onChange={(e) => patch({ name: e.target.value })}
          />
          <FieldError errors={errors} path="name" />
        </Field>
        <Field label="Kind" htmlFor="rule-kind" hint={KIND_LABELS[draft.kind].hint}>
          <Select
            id="rule-kind"
            data-testid="rule-kind"
            className="w-full"
            value={draft.kind}
            onChange={(e) => {
              const kind = e.target.value as AlertRuleKind;
              patch({ kind, params: structuredClone(DEFAULT_PARAMS[kind]) });
            }}
          >
            {ALERT_RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k].label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="rule-params">
        <legend className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">Condition</legend>
        <RuleParamsFields
          kind={draft.kind}
          params={draft.params}
          errors={errors}
          onChange={(params) => patch({ params })}
        />
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <legend className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">
          Only jobs matching (optional)
        </legend>
        {FILTERS.map(([key, label, placeholder]) => (
          <Field key={key} label={label} htmlFor={`filter-${key}`}>
            <Input
              id={`filter-${key}`}
              data-testid={`rule-filter-${key}`}
              value={draft.filters[key]}
              placeholder={placeholder}
              onChange={(e) => patch({ filters: { ...draft.filters, [key]: e.target.value } })}
            />
            <FieldError errors={errors} path={`filters.${key}`} />
          </Field>
        ))}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="One incident per" htmlFor="rule-group">
          <Select
            id="rule-group"
            data-testid="rule-group"
            className="w-full"
            value={draft.groupBy}
            onChange={(e) => patch({ groupBy: e.target.value as RuleDraft["groupBy"] })}
          >
            {GROUP_BY.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Severity" htmlFor="rule-severity">
          <Select
            id="rule-severity"
            data-testid="rule-severity"
            className="w-full"
            value={draft.severity}
            onChange={(e) => patch({ severity: e.target.value as RuleDraft["severity"] })}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Resolve after clear for (minutes)" htmlFor="rule-resolve">
          <Input
            id="rule-resolve"
            type="number"
            min={0}
            step="1"
            data-testid="rule-resolve"
            value={Number.isNaN(draft.resolveAfterMinutes) ? "" : draft.resolveAfterMinutes}
            onChange={(e) =>
              patch({ resolveAfterMinutes: e.target.value === "" ? Number.NaN : Number(e.target.value) })
            }
          />
          <FieldError errors={errors} path="resolveAfterMinutes" />
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">Who hears</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name="target"
              checked={draft.target === "destinations"}
              onChange={() => patch({ target: "destinations" })}
              data-testid="target-destinations"
            />{" "}
            Destinations
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name="target"
              checked={draft.target === "policy"}
              onChange={() => patch({ target: "policy" })}
              data-testid="target-policy"
            />{" "}
            An escalation policy
          </label>
        </div>
        {draft.target === "destinations" ? (
          destinations.length ? (
            <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm" data-testid="rule-destinations">
              {destinations.map((d) => (
                <label key={d.id} className="inline-flex items-center gap-1.5">
                  <input
                    type="checkbox"
                    checked={draft.destinationIds.includes(d.id)}
                    onChange={(e) =>
                      patch({
                        destinationIds: e.target.checked
                          ? [...draft.destinationIds, d.id]
                          : draft.destinationIds.filter((x) => x !== d.id),
                      })
                    }
                  />
                  {d.name} {d.detail ? <span className="text-xs text-muted">{d.detail}</span> : null}
                </label>
              ))}
            </div>
          ) : (
            <p className="text-xs text-muted">
              No destination yet: incidents are recorded and shown, not sent. An admin adds destinations.
            </p>
          )
        ) : (
          <Select
            aria-label="Escalation policy"
            data-testid="rule-policy"
            value={draft.escalationPolicyId}
            onChange={(e) => patch({ escalationPolicyId: e.target.value })}
          >
            <option value="">Choose a policy…</option>
            {policies.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        )}
        <FieldError errors={errors} path="destinationIds" />
        <FieldError errors={errors} path="escalationPolicyId" />
      </fieldset>
      <label className="inline-flex items-center gap-1.5 text-sm">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => patch({ enabled: e.target.checked })}
          data-testid="rule-enabled"
        />{" "}
        Enabled
      </label>
      <RuleBacktest body={() => draftToBody(draft)} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={saving} data-testid="rule-save">
          {saving ? "Saving…" : ruleId ? "Save rule" : "Create rule"}
        </Button>
      </div>
    </form>
  );
}
