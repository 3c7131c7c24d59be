"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { confirmIncidentLink } from "./actions";

export function ConfirmIncidentLink({ token, label }: { token: string; label: string }) {
  const [result, action, pending] = useActionState(confirmIncidentLink, null);
  if (result?.ok) {
    return (
      <p className="text-sm" role="status" data-testid="incident-link-done">
        {result.message}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      {result && !result.ok ? (
        <p className="text-sm text-red-600" role="alert">
          {result.error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} className="w-full" data-testid="incident-link-confirm">
        {pending ? "Working…" : label}
      </Button>
    </form>
  );
}
