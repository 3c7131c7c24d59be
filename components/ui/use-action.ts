"use client";
import { useCallback, useState, useTransition } from "react";
import { NO_ANSWER } from "@/lib/client/send";

type Outcome = { ok: true } | { ok: false; error?: string };

/**
 * Runs a server action or a `send` in a transition and keeps its refusal for <ActionError>: a result of
 * {ok:false,error} shows the server's message; a throw (the server did not answer) shows that instead.
 */
export function useAction() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    <R extends Outcome>(fn: () => Promise<R>, onOk?: (result: R & { ok: true }) => void) =>
      start(async () => {
        setError(null);
        const result = await fn().catch(() => ({ ok: false as const, error: NO_ANSWER }));
        if (!result.ok) setError(result.error || "That did not work.");
        else onOk?.(result as R & { ok: true });
      }),
    [],
  );
  return { pending, error, setError, run };
}
