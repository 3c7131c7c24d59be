"use client";
import { KeyRound, Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyBlock } from "@/components/ui/copy-block";
import { createKeyAction } from "@/lib/auth/key-actions";

export function firstEventCurl(origin: string, key: string, now: Date): string {
  const t0 = new Date(now.getTime() - 90_000).toISOString();
  const t1 = now.toISOString();
  const events = [
    {
      id: "hello-1-start",
      type: "job.started",
      time: t0,
      job: "hello-1",
      agent: "scout",
      data: { title: "My first job", harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    { id: "hello-1-done", type: "job.completed", time: t1, job: "hello-1", data: { summary: "Said hello" } },
  ];
  return [
    `curl -sS -X POST ${origin}/api/v1/events \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify({ events })}'`,
  ].join("\n");
}

/** Empty state of Overview and Jobs: get a key and send a first event with one command. */
/**
 * `now` comes from the server page (an ISO time): computed here, the server's and the browser's renders would
 * write different timestamps into the curl and React would throw a hydration mismatch (#418).
 */
export function FirstEvent({ isAdmin, now: nowIso }: { isAdmin: boolean; now: string }) {
  const router = useRouter();
  const [origin, setOrigin] = useState("http://localhost:3000");
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const now = new Date(nowIso);
  useEffect(() => setOrigin(window.location.origin), []);

  return (
    <Card className="mx-auto max-w-3xl p-8" data-testid="first-event">
      <div className="mb-6 flex items-center gap-3">
        <div className="rounded-lg bg-accent/10 p-2.5 text-accent">
          <Send className="size-5" />
        </div>
        <div>
          <h2 className="text-base font-semibold">No jobs yet: send your first event</h2>
          <p className="text-sm text-muted">
            Runners post job events to <code className="font-mono">/api/v1/events</code> with an ingest key.
          </p>
        </div>
      </div>
      <ol className="space-y-5">
        <li>
          <p className="mb-2 font-medium">1. Get an ingest key</p>
          {key ? (
            <CopyBlock text={key} testId="new-key" label="Copy key" />
          ) : isAdmin ? (
            <Button
              disabled={pending}
              data-testid="create-first-key"
              onClick={() =>
                startTransition(async () => {
                  const r = await createKeyAction({ name: "First runner", scopes: ["ingest"] });
                  if (r.ok) setKey(r.key);
                  else setError(r.error);
                })
              }
            >
              <KeyRound className="size-4" /> Create an ingest key
            </Button>
          ) : (
            <p className="text-muted">Ask an admin for an ingest key of this project.</p>
          )}
          {key ? <p className="mt-1 text-xs text-muted">Shown once: keep it somewhere safe.</p> : null}
          {error ? <p className="mt-1 text-xs text-red-600">{error}</p> : null}
        </li>
        <li>
          <p className="mb-2 font-medium">2. Send a job that starts and completes</p>
          <CopyBlock
            text={firstEventCurl(origin, key ?? "<your ingest key>", now)}
            testId="first-event-curl"
          />
        </li>
        <li className="flex items-center justify-between gap-4">
          <p className="text-muted">3. Then refresh: the job appears here.</p>
          <Button variant="secondary" onClick={() => router.refresh()} data-testid="refresh">
            Refresh
          </Button>
        </li>
      </ol>
    </Card>
  );
}
