"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { confirmIncidentLink } from "./actions";

type Props = {
  token: string;
  action: "ack" | "resolve";
  incident: { id: string; title: string; status: string; severity: string };
};

export function ConfirmIncidentLink({ token, action: linkAction, incident }: Props) {
  const [result, action, pending] = useActionState(confirmIncidentLink, null);
  const status = result?.ok ? (linkAction === "ack" ? "acknowledged" : "resolved") : incident.status;
  return (
    <>
      <div>
        <p className="text-xs uppercase tracking-wide text-muted" data-testid="incident-link-status">
          {incident.severity} · {status}
        </p>
        <h1 className="mt-1 text-base font-semibold">{incident.title}</h1>
      </div>
      {result?.ok ? (
        <p className="text-sm" role="status" data-testid="incident-link-done">
          {result.message}
        </p>
      ) : (
        <form action={action} className="space-y-3">
          <input type="hidden" name="token" value={token} />
          {result && !result.ok ? (
            <p className="text-sm text-red-600" role="alert">
              {result.error}
            </p>
          ) : null}
          <Button type="submit" disabled={pending} className="w-full" data-testid="incident-link-confirm">
            {pending
              ? "Working…"
              : linkAction === "ack"
                ? "Acknowledge this incident"
                : "Resolve this incident"}
          </Button>
        </form>
      )}
      <a href={`/alerts/${incident.id}`} className="block text-center text-xs text-muted hover:text-fg">
        Open the incident in the console
      </a>
    </>
  );
}
