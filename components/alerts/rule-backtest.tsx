"use client";
import { FlaskConical } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format";

const answerSchema = z.object({
  incidents: z.array(
    z.object({ groupKey: z.string(), openedAt: z.string(), resolvedAt: z.string().nullable().optional() }),
  ),
});
type Answer = z.infer<typeof answerSchema>;

const WEEK_MS = 7 * 86_400_000;
const SHOWN = 12;

/** Runs the draft against the last 7 days (POST /api/v1/alert-rules/test) and shows what it would have opened. */
export function RuleBacktest({ body }: { body: () => unknown }) {
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "running" }
    | { kind: "done"; answer: Answer; at: number }
    | { kind: "error"; message: string }
  >({ kind: "idle" });

  async function run() {
    setState({ kind: "running" });
    const res = await fetch("/api/v1/alert-rules/test", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body()),
    }).catch(() => null);
    const json = (await res?.json().catch(() => null)) as unknown;
    const parsed = answerSchema.safeParse(json);
    if (res?.ok && parsed.success) return setState({ kind: "done", answer: parsed.data, at: Date.now() });
    const message = (json as { error?: { message?: string } } | null)?.error?.message;
    setState({ kind: "error", message: message ?? `The test did not run (${res?.status ?? "no answer"}).` });
  }

  return (
    <div className="rounded-md border border-border bg-subtle/40 px-4 py-3" data-testid="rule-backtest">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted">See how often this rule would have fired before you save it.</p>
        <Button
          variant="secondary"
          size="sm"
          onClick={run}
          disabled={state.kind === "running"}
          data-testid="rule-test"
        >
          <FlaskConical className="size-3.5" aria-hidden />
          {state.kind === "running" ? "Testing…" : "Test this rule against the last 7 days"}
        </Button>
      </div>
      {state.kind === "error" ? (
        <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400" data-testid="rule-test-error">
          {state.message}
        </p>
      ) : null}
      {state.kind === "done" ? <BacktestResult answer={state.answer} now={state.at} /> : null}
    </div>
  );
}

function BacktestResult({ answer, now }: { answer: Answer; now: number }) {
  const n = answer.incidents.length;
  const start = now - WEEK_MS;
  const sorted = [...answer.incidents].sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
  return (
    <div className="mt-3 space-y-3" data-testid="rule-test-result">
      <p className="text-sm font-medium" data-testid="rule-test-count">
        {n === 0
          ? "It would not have fired in the last 7 days."
          : `It would have opened ${n} incident${n === 1 ? "" : "s"} in the last 7 days.`}
      </p>
      {n > 0 ? (
        <>
          <div className="relative h-6 rounded bg-panel ring-1 ring-border" aria-hidden>
            {sorted.map((i) => {
              const left = Math.min(100, Math.max(0, ((Date.parse(i.openedAt) - start) / WEEK_MS) * 100));
              const end = i.resolvedAt ? Date.parse(i.resolvedAt) : now;
              const width = Math.max(
                0.6,
                Math.min(100 - left, ((end - Date.parse(i.openedAt)) / WEEK_MS) * 100),
              );
              return (
                <span
                  key={`${i.groupKey}-${i.openedAt}`}
                  className="absolute top-1 bottom-1 rounded-sm bg-red-500/70"
                  style={{ left: `${left}%`, width: `${width}%` }}
                />
              );
            })}
            <span className="absolute -bottom-4 left-0 text-[10px] text-muted">7 days ago</span>
            <span className="absolute right-0 -bottom-4 text-[10px] text-muted">now</span>
          </div>
          <ul className="space-y-1 pt-2 text-xs">
            {sorted.slice(0, SHOWN).map((i) => (
              <li key={`${i.groupKey}-${i.openedAt}`} className="flex flex-wrap gap-x-3">
                <span className="font-mono">{i.groupKey}</span>
                <span className="text-muted">
                  {formatDateTime(i.openedAt)} → {i.resolvedAt ? formatDateTime(i.resolvedAt) : "still open"}
                </span>
              </li>
            ))}
            {n > SHOWN ? <li className="text-muted">and {n - SHOWN} more</li> : null}
          </ul>
        </>
      ) : null}
    </div>
  );
}
