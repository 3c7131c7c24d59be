"use client";
import { ScrollText, Send, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import {
  deleteDestinationAction,
  sendTestDestinationAction,
  setDestinationEnabledAction,
} from "@/lib/delivery/actions";
import type { DestinationView } from "@/lib/delivery/queries";

type Outcome = { ok: boolean; text: string };

const KIND_LABEL: Record<DestinationView["kind"], string> = {
  slack: "Slack",
  webhook: "Webhook",
  email: "Email",
  pagerduty: "PagerDuty",
};

/** One line saying where the destination sends (secrets are "set" by then). */
function summary(d: DestinationView): string {
  const c = d.config;
  if (d.kind === "email") return ((c.to as string[] | undefined) ?? []).join(", ");
  if (d.kind === "pagerduty")
    return `routing key ${c.routingKey === "set" ? "set" : "missing"} · ${String(c.url)}`;
  if (d.kind === "webhook") return `${String(c.url)} · secret ${c.secret === "set" ? "set" : "missing"}`;
  return String(c.url);
}

/** The project's destinations: enable or disable, send a test, open the delivery log, delete. */
export function DestinationsTable({
  destinations,
  selected,
}: {
  destinations: DestinationView[];
  selected: string | null;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Record<string, Outcome>>({});
  const [, startTransition] = useTransition();

  const act = (id: string, run: () => Promise<Outcome | null>, then?: () => void) => {
    setBusy(id);
    startTransition(async () => {
      const r = await run().catch((e: Error) => ({ ok: false, text: e.message }));
      setOutcome((o) => {
        const { [id]: _, ...rest } = o;
        return r ? { ...rest, [id]: r } : rest;
      });
      setBusy(null);
      if (then) then();
      else router.refresh();
    });
  };

  if (destinations.length === 0)
    return (
      <p className="px-5 py-8 text-center text-sm text-muted" data-testid="no-destinations">
        No destination yet: alerts are recorded but not sent anywhere.
      </p>
    );
  return (
    <ul className="divide-y divide-border" data-testid="destinations">
      {destinations.map((d) => (
        <li
          key={d.id}
          className={cn("px-5 py-3", selected === d.id && "bg-accent/5")}
          data-testid="destination-row"
          data-name={d.name}
        >
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <div className="min-w-0 flex-1">
              <p className={cn("text-sm font-medium", !d.enabled && "text-muted")}>
                {d.name}
                <span className="ml-2 rounded border border-border px-1.5 py-0.5 text-[11px] font-normal text-muted">
                  {KIND_LABEL[d.kind]}
                </span>
                {d.enabled ? null : <span className="ml-2 text-xs font-normal">(disabled)</span>}
              </p>
              <p className="truncate font-mono text-xs text-muted" title={summary(d)}>
                {summary(d)}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <label className="inline-flex items-center gap-1.5 text-xs text-muted">
                <input
                  type="checkbox"
                  checked={d.enabled}
                  disabled={busy === d.id}
                  data-testid="destination-enabled"
                  onChange={(e) => {
                    const enabled = e.target.checked;
                    act(d.id, async () => {
                      const r = await setDestinationEnabledAction(d.id, enabled);
                      return r.ok ? null : { ok: false, text: r.error };
                    });
                  }}
                />
                enabled
              </label>
              <Button
                variant="secondary"
                size="sm"
                disabled={busy === d.id}
                data-testid="destination-test"
                onClick={() =>
                  act(
                    d.id,
                    async () => {
                      const r = await sendTestDestinationAction(d.id);
                      return r.ok ? { ok: true, text: r.detail } : { ok: false, text: r.error };
                    },
                    // show this destination's log, where the test now is
                    () => router.push(`?log=${d.id}`, { scroll: false }),
                  )
                }
              >
                <Send className="size-3.5" />
                {busy === d.id ? "Sending…" : "Send test"}
              </Button>
              <Link
                href={`?log=${d.id}`}
                scroll={false}
                className="inline-flex h-7 items-center gap-1 rounded-md border border-border px-2.5 text-xs hover:bg-accent/5"
                data-testid="destination-log-link"
              >
                <ScrollText className="size-3.5" />
                Deliveries
              </Link>
              <Button
                variant="danger"
                size="sm"
                aria-label={`Delete ${d.name}`}
                disabled={busy === d.id}
                data-testid="destination-delete"
                onClick={() => {
                  if (!window.confirm(`Delete the destination "${d.name}"? Its queued notifications go too.`))
                    return;
                  act(d.id, async () => {
                    const r = await deleteDestinationAction(d.id);
                    return r.ok ? null : { ok: false, text: r.error };
                  });
                }}
              >
                <Trash2 className="size-3.5" />
              </Button>
            </div>
          </div>
          {outcome[d.id] ? (
            <p
              data-testid="destination-outcome"
              className={cn(
                "mt-1.5 text-xs",
                outcome[d.id]?.ok
                  ? "text-emerald-700 dark:text-emerald-400"
                  : "text-red-600 dark:text-red-400",
              )}
            >
              {outcome[d.id]?.text}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
