"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

/** Acknowledge (stops escalation) and Resolve, through the incidents API; shown to members and up. */
export function IncidentActions({ id, status }: { id: string; status: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const act = (action: "ack" | "resolve") =>
    startTransition(async () => {
      setError(null);
      const res = await fetch(`/api/v1/incidents/${id}/${action}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? `That did not work (${res.status}).`);
        return;
      }
      router.refresh();
    });
  if (status === "resolved") return null;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        {status === "firing" ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => act("ack")}
            data-testid="incident-ack"
          >
            Acknowledge
          </Button>
        ) : null}
        <Button disabled={pending} onClick={() => act("resolve")} data-testid="incident-resolve">
          Resolve
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-600" data-testid="incident-action-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
