"use client";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import type { EscalationPolicyView } from "@/lib/alerts/config-schemas";
import { send } from "@/lib/client/send";
import { blankStep, type PolicyDraft, PolicyForm } from "./policy-form";
import type { Choice } from "./rule-form";

export function EscalationSection({
  policies,
  destinations,
  members,
  canEdit,
}: {
  policies: EscalationPolicyView[];
  destinations: Choice[];
  members: Choice[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState<PolicyDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = (list: Choice[], id: string) => list.find((c) => c.id === id)?.name ?? "(gone)";
  const done = () => {
    setEditing(null);
    router.refresh();
  };
  return (
    <>
      {policies.length === 0 ? (
        <p className="px-5 py-6 text-sm text-muted">
          No escalation policy: rules notify their own destinations once.
        </p>
      ) : null}
      <ActionError error={error} testId="policies-error" className="px-5 pt-3" />
      <ul className="divide-y divide-border" data-testid="policies-list">
        {policies.map((p) => (
          <li key={p.id} className="flex flex-wrap items-start gap-3 px-5 py-3" data-testid="policy-row">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {p.name}{" "}
                <span className="text-xs font-normal text-muted">
                  · used by {p.ruleCount} rule{p.ruleCount === 1 ? "" : "s"}
                  {p.repeat ? ` · starts over ${p.repeat}×` : ""}
                </span>
              </p>
              <ol className="mt-1 space-y-0.5 text-xs text-muted">
                {p.steps.map((s, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a step's position is its identity
                  <li key={i}>
                    {i + 1}. after {s.afterMinutes} min →{" "}
                    {[
                      ...s.destinationIds.map((d) => name(destinations, d)),
                      ...s.memberIds.map((m) => name(members, m)),
                    ].join(", ")}
                  </li>
                ))}
              </ol>
            </div>
            {canEdit ? (
              <div className="flex gap-1">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setEditing({ id: p.id, name: p.name, repeat: p.repeat, steps: p.steps })}
                >
                  Edit
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={async () => {
                    if (confirm(`Delete the policy "${p.name}"?`)) {
                      const sent = await send(`/api/v1/escalation-policies/${p.id}`, "DELETE");
                      setError(sent.ok ? null : sent.error);
                      router.refresh();
                    }
                  }}
                >
                  Delete
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {editing ? (
        <PolicyForm
          key={editing.id ?? "new"}
          initial={editing}
          destinations={destinations}
          members={members}
          onDone={done}
        />
      ) : canEdit ? (
        <div className="border-t border-border px-5 py-3">
          <Button
            variant="secondary"
            size="sm"
            data-testid="policy-new"
            onClick={() => setEditing({ id: null, name: "", repeat: 0, steps: [blankStep()] })}
          >
            <Plus className="size-3.5" /> New policy
          </Button>
        </div>
      ) : null}
    </>
  );
}
