"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { AlertRuleView } from "@/lib/alerts/config-schemas";
import { KIND_LABELS } from "@/lib/alerts/rule-draft";
import { send } from "@/lib/client/send";
import { SeverityBadge } from "./badges";
import type { Choice } from "./rule-form";

/** Who hears a rule, in words. */
function audience(rule: AlertRuleView, destinations: Choice[], policies: Choice[]) {
  if (rule.escalationPolicyId)
    return `Policy ${policies.find((p) => p.id === rule.escalationPolicyId)?.name ?? "(deleted)"}`;
  const names = rule.destinationIds.map((id) => destinations.find((d) => d.id === id)?.name).filter(Boolean);
  return names.length ? names.join(", ") : "Recorded only";
}

/** The switch shows the new state at once; the page's data catches up after the PATCH (or puts it back). */
function RuleToggle(props: {
  name: string;
  enabled: boolean;
  disabled: boolean;
  onChange: (enabled: boolean) => Promise<void>;
}) {
  const [shown, setShown] = useState(props.enabled);
  useEffect(() => setShown(props.enabled), [props.enabled]);
  return (
    <label
      className="inline-flex cursor-pointer items-center"
      title={shown ? "Enabled" : "Disabled"}
      data-testid="rule-toggle-label"
    >
      <input
        type="checkbox"
        role="switch"
        aria-checked={shown}
        aria-label={`${props.name} enabled`}
        checked={shown}
        disabled={props.disabled}
        data-testid="rule-toggle"
        onChange={(e) => {
          setShown(e.target.checked);
          void props.onChange(e.target.checked);
        }}
        className="peer sr-only"
      />
      <span className="relative h-5 w-9 rounded-full bg-border transition peer-checked:bg-accent peer-focus-visible:ring-2 peer-focus-visible:ring-accent/40 peer-disabled:opacity-50 after:absolute after:top-0.5 after:left-0.5 after:size-4 after:rounded-full after:bg-white after:shadow after:transition peer-checked:after:translate-x-4" />
    </label>
  );
}

export function RulesList({
  rules,
  destinations,
  policies,
  canEdit,
  onEdit,
}: {
  rules: AlertRuleView[];
  destinations: Choice[];
  policies: Choice[];
  canEdit: boolean;
  onEdit: (rule: AlertRuleView) => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const act = async (url: string, method: "PATCH" | "DELETE", body?: unknown) => {
    const sent = await send(url, method, body);
    setError(sent.ok ? null : sent.error);
    router.refresh();
  };
  if (rules.length === 0)
    return (
      <p className="px-5 py-10 text-center text-sm text-muted" data-testid="rules-empty">
        No alert rule yet. {canEdit ? "Add one to hear when the fleet breaks." : ""}
      </p>
    );
  return (
    <>
      {error ? (
        <p
          role="alert"
          data-testid="rules-error"
          className="mx-5 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {error}
        </p>
      ) : null}
      <ul className="divide-y divide-border" data-testid="rules-list">
        {rules.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-3 px-5 py-3" data-testid="rule-row">
            <RuleToggle
              name={r.name}
              enabled={r.enabled}
              disabled={!canEdit}
              onChange={(enabled) => act(`/api/v1/alert-rules/${r.id}`, "PATCH", { enabled })}
            />
            <div className="min-w-0 flex-1">
              <p
                className={r.enabled ? "truncate font-medium" : "truncate font-medium text-muted"}
                data-testid="rule-row-name"
              >
                {r.name}
              </p>
              <p className="truncate text-xs text-muted">
                {KIND_LABELS[r.kind].label} · per {r.groupBy} · {audience(r, destinations, policies)}
              </p>
            </div>
            <SeverityBadge severity={r.severity} />
            {canEdit ? (
              <div className="flex gap-1">
                <Button variant="ghost" size="sm" onClick={() => onEdit(r)} data-testid="rule-edit">
                  Edit
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  data-testid="rule-delete"
                  onClick={() => {
                    if (confirm(`Delete the rule "${r.name}" and its incidents?`))
                      void act(`/api/v1/alert-rules/${r.id}`, "DELETE");
                  }}
                >
                  Delete
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
