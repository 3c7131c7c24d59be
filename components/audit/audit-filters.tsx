"use client";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";

export type AuditFilterValues = {
  actor: string | null;
  action: string | null;
  object_type: string | null;
  from: string | null;
  to: string | null;
};

const ACTIONS = [
  "issue.",
  "price.",
  "key.",
  "member.",
  "project.",
  "budget.",
  "rule.",
  "webhook.",
  "import.",
  "export.",
];
const OBJECT_TYPES = [
  "issue",
  "model_price",
  "api_key",
  "user",
  "project",
  "budget",
  "failure_rule",
  "webhook",
  "import",
  "usage",
];

/** ISO instant <-> the browser's local "YYYY-MM-DDTHH:MM" of a datetime-local input. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
function fromLocalInput(local: string): string | null {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The audit log's filters; applied together on submit (each change reloads the page from the server). */
export function AuditFilters({
  value,
  onChange,
  csvHref,
}: {
  value: AuditFilterValues;
  onChange: (next: AuditFilterValues) => void;
  csvHref: string;
}) {
  const [draft, setDraft] = useState({
    actor: value.actor ?? "",
    action: value.action ?? "",
    object_type: value.object_type ?? "",
    from: toLocalInput(value.from),
    to: toLocalInput(value.to),
  });
  const set = (field: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({
      actor: draft.actor.trim() || null,
      action: draft.action.trim() || null,
      object_type: draft.object_type || null,
      from: fromLocalInput(draft.from),
      to: fromLocalInput(draft.to),
    });
  };
  const clear = () => {
    setDraft({ actor: "", action: "", object_type: "", from: "", to: "" });
    onChange({ actor: null, action: null, object_type: null, from: null, to: null });
  };
  const label = "mb-1 block text-xs font-medium text-muted";
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" data-testid="audit-filters">
      <div className="w-full sm:w-56">
        <label htmlFor="audit-actor" className={label}>
          Actor
        </label>
        <Input
          id="audit-actor"
          placeholder="email, key name or id"
          value={draft.actor}
          onChange={set("actor")}
        />
      </div>
      <div className="w-[calc(50%-0.375rem)] sm:w-40">
        <label htmlFor="audit-action" className={label}>
          Action
        </label>
        <Input
          id="audit-action"
          list="audit-action-prefixes"
          placeholder="e.g. member."
          value={draft.action}
          onChange={set("action")}
        />
        <datalist id="audit-action-prefixes">
          {ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="w-[calc(50%-0.375rem)] sm:w-40">
        <label htmlFor="audit-object" className={label}>
          Object
        </label>
        <Select id="audit-object" className="w-full" value={draft.object_type} onChange={set("object_type")}>
          <option value="">Any</option>
          {OBJECT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      </div>
      <div className="w-[calc(50%-0.375rem)] sm:w-48">
        <label htmlFor="audit-from" className={label}>
          From
        </label>
        <Input id="audit-from" type="datetime-local" value={draft.from} onChange={set("from")} />
      </div>
      <div className="w-[calc(50%-0.375rem)] sm:w-48">
        <label htmlFor="audit-to" className={label}>
          To
        </label>
        <Input id="audit-to" type="datetime-local" value={draft.to} onChange={set("to")} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" data-testid="audit-apply">
          Apply
        </Button>
        <Button variant="ghost" onClick={clear} data-testid="audit-clear">
          Clear
        </Button>
        <a
          href={csvHref}
          download
          data-testid="audit-csv"
          className="inline-flex h-9 items-center rounded-md border border-border bg-panel px-3 text-sm text-fg shadow-sm hover:bg-subtle"
        >
          Download CSV
        </a>
      </div>
    </form>
  );
}
