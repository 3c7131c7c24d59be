"use client";
import { Send, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { deleteWebhookAction, sendTestAction, setWebhookEnabledAction } from "@/lib/standups/actions";
import type { WebhookView } from "@/lib/standups/webhooks";

type Outcome = { ok: boolean; text: string };

/** The project's webhooks: enable or disable, send a test standup, delete. */
export function WebhooksTable({ webhooks, canEdit }: { webhooks: WebhookView[]; canEdit: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Record<string, Outcome>>({});
  const [, startTransition] = useTransition();

  const act = (id: string, run: () => Promise<Outcome | null>) => {
    setBusy(id);
    startTransition(async () => {
      const r = await run().catch((e: Error) => ({ ok: false, text: e.message }));
      if (r) setOutcome((o) => ({ ...o, [id]: r }));
      setBusy(null);
      router.refresh();
    });
  };

  if (webhooks.length === 0)
    return (
      <p className="px-5 py-8 text-center text-sm text-muted">
        No webhook yet: the standup is not posted anywhere.
      </p>
    );
  return (
    <ul className="divide-y divide-border" data-testid="webhooks">
      {webhooks.map((w) => (
        <li key={w.id} className="px-5 py-3" data-testid="webhook-row" data-name={w.name}>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <div className="min-w-0 flex-1">
              <p className={w.enabled ? "text-sm font-medium" : "text-sm font-medium text-muted"}>
                {w.name}
                {w.enabled ? null : <span className="ml-2 text-xs font-normal">(disabled)</span>}
              </p>
              <p className="truncate font-mono text-xs text-muted" title={w.url}>
                {w.url}
              </p>
            </div>
            {canEdit ? (
              <div className="flex items-center gap-2">
                <label className="inline-flex items-center gap-1.5 text-xs text-muted">
                  <input
                    type="checkbox"
                    checked={w.enabled}
                    disabled={busy === w.id}
                    data-testid="webhook-enabled"
                    onChange={(e) => {
                      const enabled = e.target.checked;
                      act(w.id, async () => {
                        const r = await setWebhookEnabledAction(w.id, enabled);
                        return r.ok ? null : { ok: false, text: r.error };
                      });
                    }}
                  />
                  enabled
                </label>
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={busy === w.id}
                  data-testid="webhook-test"
                  onClick={() =>
                    act(w.id, async () => {
                      const r = await sendTestAction(w.id);
                      return r.ok ? { ok: true, text: r.detail } : { ok: false, text: r.error };
                    })
                  }
                >
                  <Send className="size-3.5" />
                  {busy === w.id ? "Sending…" : "Send test"}
                </Button>
                <Button
                  variant="danger"
                  size="sm"
                  aria-label={`Delete ${w.name}`}
                  disabled={busy === w.id}
                  data-testid="webhook-delete"
                  onClick={() => {
                    if (!window.confirm(`Delete the webhook "${w.name}"?`)) return;
                    act(w.id, async () => {
                      const r = await deleteWebhookAction(w.id);
                      return r.ok ? null : { ok: false, text: r.error };
                    });
                  }}
                >
                  <Trash2 className="size-3.5" />
                </Button>
              </div>
            ) : null}
          </div>
          {outcome[w.id] ? (
            <p
              data-testid="webhook-outcome"
              className={`mt-1.5 text-xs ${outcome[w.id]?.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600 dark:text-red-400"}`}
            >
              {outcome[w.id]?.text}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
