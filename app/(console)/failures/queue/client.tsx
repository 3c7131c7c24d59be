"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { ClassBadge } from "@/components/failures/class-badge";
import { Sparkline } from "@/components/failures/sparkline";
import { IssueStateBadge } from "@/components/failures/state-badge";
import { UndoToast } from "@/components/failures/undo-toast";
import { useTriageQueue, type Verb } from "@/components/failures/use-triage-queue";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/send";
import type { IssueDetail, TriageAction } from "@/lib/failures/schemas";

type Props = {
  project: string;
  issueIds: string[];
  me: string;
  users: { id: string; name: string }[];
  /** false for a viewer: the queue only pages through the issues (the server refuses triage anyway) */
  canTriage: boolean;
};

export function TriageQueue({ project, issueIds, me, users, canTriage }: Props) {
  const q = useTriageQueue(project, issueIds);
  const { id, next, back } = q;
  const query = useQuery({
    queryKey: ["issue", project, id],
    enabled: !!id,
    queryFn: async () => {
      const res = await fetch(`/api/v1/issues/${id}?project=${encodeURIComponent(project)}`);
      if (!res.ok) throw new Error(await errorMessage(res));
      return (await res.json()) as IssueDetail;
    },
  });
  const issue = query.data?.id === id ? query.data : undefined;
  const title = issue?.title ?? "this issue";
  const act = (action: TriageAction, verb: Verb) => q.act(action, verb, title);
  const actRef = useRef(act);
  actRef.current = act;
  const undoRef = useRef(q.undo);
  undoRef.current = q.undo;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "j" || e.key === "n") next();
      else if (e.key === "k") back();
      else if (!canTriage) return;
      else if (e.key === "u") void undoRef.current();
      else if (e.key === "e") actRef.current({ action: "resolve" }, "resolved");
      else if (e.key === "i") actRef.current({ action: "ignore" }, "ignored");
      else if (e.key === "a") actRef.current({ action: "assign", user_id: me }, "assigned");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [next, back, me, canTriage]);

  const notices = (
    <>
      {q.error ? (
        <div className="flex items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 dark:border-red-900 dark:bg-red-950">
          <ActionError error={q.error} testId="queue-error" className="flex-1" />
          <Button size="sm" variant="ghost" onClick={q.dismissError}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <UndoToast change={q.last} undoing={q.undoing} onUndo={() => void q.undo()} />
    </>
  );

  if (!id) {
    return (
      <div className="space-y-4">
        {notices}
        <Card className="p-10 text-center" data-testid="queue-done">
          <p className="text-base font-semibold">{q.left > 0 ? "End of the queue" : "Inbox zero"}</p>
          <p className="mt-1 text-sm text-muted">
            {q.triaged ? `You triaged ${q.triaged} issue${q.triaged === 1 ? "" : "s"}. ` : ""}
            {q.left > 0
              ? `${q.left} skipped issue${q.left === 1 ? " is" : "s are"} still waiting (k goes back).`
              : "No new or regressed issue is waiting."}
          </p>
          <Link href="/failures" className="mt-4 inline-block text-sm text-accent hover:underline">
            Back to failures
          </Link>
        </Card>
      </div>
    );
  }
  return (
    <div className="space-y-4" data-testid="queue">
      {notices}
      <p className="flex flex-wrap items-baseline gap-x-3 text-xs text-muted" data-testid="queue-position">
        <span className="text-sm font-semibold text-fg tabular-nums" data-testid="queue-left">
          {q.left} left
        </span>
        <span>
          Issue {q.index + 1} of {q.total} ·{" "}
          {canTriage
            ? "e resolve · i ignore · a assign to me · u undo · j skip · k back"
            : "j next · k back · read only"}
        </span>
      </p>
      {!issue ? (
        <div className="h-64 animate-pulse rounded-lg border border-border bg-panel" />
      ) : (
        <Card className="p-6">
          <div className="flex flex-wrap items-center gap-3">
            <IssueStateBadge state={issue.state} />
            <ClassBadge cls={issue.failure_class} />
            <span className="text-xs text-muted">
              {issue.events} failures · {issue.agents.length} agent{issue.agents.length === 1 ? "" : "s"} ·
              last seen <RelativeTime iso={issue.last_seen} />
            </span>
            <Sparkline values={issue.sparkline} />
          </div>
          <h2 className="mt-3 text-lg font-semibold wrap-anywhere" data-testid="queue-title">
            {issue.title}
          </h2>
          <pre className="mt-3 max-h-48 overflow-auto rounded-md bg-subtle p-3 font-mono text-xs whitespace-pre-wrap wrap-anywhere">
            {issue.sample_message}
          </pre>
          <p className="mt-3 text-xs text-muted">
            Models: {issue.models.join(", ") || "—"} · Harnesses: {issue.harnesses.join(", ") || "—"}
          </p>
          <div className="mt-5 flex flex-wrap items-center gap-2">
            {canTriage ? (
              <>
                <Button onClick={() => act({ action: "resolve" }, "resolved")} data-testid="queue-resolve">
                  Resolve (e)
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => act({ action: "ignore" }, "ignored")}
                  data-testid="queue-ignore"
                >
                  Ignore (i)
                </Button>
                <Select
                  aria-label="Assign"
                  className="max-w-48"
                  value=""
                  onChange={(e) => act({ action: "assign", user_id: e.target.value }, "assigned")}
                >
                  <option value="">Assign to…</option>
                  {users.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </Select>
              </>
            ) : null}
            <Button variant="ghost" onClick={next} data-testid="queue-skip">
              Skip (j)
            </Button>
            <Link href={`/failures/${issue.id}`} className="ml-auto text-sm text-accent hover:underline">
              Open the issue
            </Link>
          </div>
        </Card>
      )}
    </div>
  );
}
